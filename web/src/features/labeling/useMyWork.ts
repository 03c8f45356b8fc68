import { useQuery } from "@tanstack/react-query";
import { useAccount, usePublicClient } from "wagmi";
import { crowdlabelAbi, readChunked } from "@crowdlabel/sdk";
import type { PublicClient } from "viem";
import { useShallow } from "zustand/react/shallow";
import { getConfig } from "../../config/appConfig.ts";
import { fetchMyBatches, readMyBatch, type MyBatch } from "../../lib/chainWork.ts";
import { SlotState, type BatchStatus } from "../../lib/batchStatus.ts";
import { isLocalChain } from "../../config/chain.ts";
import type { TaskView } from "../../lib/chainTasks.ts";
import { revealFor, revealKey, useRevealStore, type RevealRecord } from "./useRevealStore.ts";
import { SEED_HASH_BLOCKS, type ClaimRequestFields, type LapsedClaim } from "./claimRequestState.ts";
import { logsSince } from "../../lib/chainLogs.ts";
import { decodeTxError } from "../transactions/decodeTxError.ts";

/** My batches in a task and any claim waiting for `assign`, all read from the chain. */
export function useMyWork(task: TaskView | undefined) {
  const { address } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const config = getConfig();
  return useQuery({
    queryKey: ["my-work", config.deploymentId, task?.id.toString(), address],
    enabled: !!task && !!address && !!client,
    queryFn: async () => {
      const [batches, request] = await Promise.all([
        fetchMyBatches(client!, { taskId: task!.id, annotator: address!, revealWindow: task!.revealWindow, fromBlock: task!.createdBlock }),
        client!.readContract({ address: config.crowdlabel, abi: crowdlabelAbi, functionName: "claimRequestOf", args: [task!.id, address!] }),
      ]);
      return { batches, request };
    },
    refetchInterval: 4_000,
  });
}

/**
 * The ClaimLapsed event of the annotator's latest request in a task, if that request lapsed (assigned more than
 * 256 blocks after it was made: no batches, bond forfeited); null otherwise. Once a request is settled its fate
 * never changes, so one read per request (keyed by its seed block) is enough; a new transaction refetches it.
 */
export function useLapsedClaim(task: TaskView | undefined, request: ClaimRequestFields | undefined) {
  const { address } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const config = getConfig();
  return useQuery({
    queryKey: ["lapsed-claim", config.deploymentId, task?.id.toString(), address, request?.seedBlock.toString()],
    enabled: !!task && !!address && !!client && !!request && request.count === 0 && request.seedBlock > 0n,
    staleTime: Infinity,
    queryFn: async (): Promise<LapsedClaim | null> => {
      // A request settled within 256 blocks was drawn or refunded, never lapsed (before that block: no logs to read).
      const firstLapseBlock = request!.seedBlock + SEED_HASH_BLOCKS + 1n;
      const logs = await logsSince(
        client!,
        (fromBlock, toBlock) => client!.getContractEvents({ address: config.crowdlabel, abi: crowdlabelAbi, eventName: "ClaimLapsed", args: { taskId: task!.id, annotator: address! }, fromBlock, toBlock }),
        firstLapseBlock,
      );
      const log = logs.find((l) => l.args.seedBlock === request!.seedBlock);
      if (!log) return null;
      return { count: log.args.count!, bond: log.args.bondForfeited!, seedBlock: log.args.seedBlock!, block: log.blockNumber };
    },
  });
}

export type PendingReveal = { record: RevealRecord; batch: MyBatch; matches: boolean };

/**
 * Blocks under which a reveal counts as final. Until then a reorg may drop it, and its record (the only copy of the
 * labels the commitment hides) must stay pending, not be removed as finished work. 64 blocks are two Ethereum epochs,
 * where a block is finalised; a local chain does not reorg by itself.
 */
export function revealFinalityDepth(chainId: number): bigint {
  return isLocalChain(chainId) ? 0n : 64n;
}

/** Whether the annotator's slot of the record's batch was already revealed `revealFinalityDepth` blocks below `head`. */
async function revealIsFinal(client: PublicClient, { record, slotIndex, head }: { record: RevealRecord; slotIndex: number; head: bigint }): Promise<boolean> {
  const depth = revealFinalityDepth(getConfig().chainId);
  if (depth === 0n) return true;
  const finalBlock = head - depth;
  // Before the reveal's own block is final, the read below cannot show it yet.
  if (finalBlock < 0n || (record.revealBlock !== undefined && BigInt(record.revealBlock) > finalBlock)) return false;
  const [slot] = await client.readContract({
    address: getConfig().crowdlabel,
    abi: crowdlabelAbi,
    functionName: "getSlot",
    args: [BigInt(record.taskId), record.batchId, slotIndex],
    blockNumber: finalBlock,
  });
  return slot.state === SlotState.Revealed && slot.annotator.toLowerCase() === record.annotator.toLowerCase();
}

/** Records read at once: one annotator may keep hundreds that never got revealed. */
const PENDING_READ_CONCURRENCY = 8;
/** Where a record's batch cannot open a reveal for it any more: forfeited, reveal missed, slot reassigned or expired. */
const NO_REVEAL_AHEAD = new Set<BatchStatus>(["forfeited", "missed-reveal", "lost", "expired"]);
/**
 * Records this tab found in such a batch: not read again on each poll (they would be, every 4 s, for good). Keyed with
 * the slot, commitment and save time, so labels saved again for the batch are read.
 */
const settledRecords = new Set<string>();
const settledKey = (r: RevealRecord) => `${r.deploymentId}|${r.taskId}|${r.batchId}|${r.annotator.toLowerCase()}|${r.slot}|${r.commitment}|${r.savedAt}`;

/**
 * Committed batches (saved in this browser) whose reveal is open now, across every task, checked
 * against the chain: the saved labels+salt must hash to the stored commitment.
 */
export function usePendingReveals(revealWindows: (taskId: string) => number | undefined) {
  const { address } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const config = getConfig();
  const records = useRevealStore(
    useShallow((s) =>
      Object.values(s.records).filter(
        (r) => r.deploymentId === config.deploymentId && address && r.annotator.toLowerCase() === address.toLowerCase() && r.status !== "revealed",
      ),
    ),
  );
  return useQuery({
    queryKey: ["pending-reveals", config.deploymentId, address, records.map((r) => `${r.taskId}/${r.batchId}/${r.status}`).join(",")],
    enabled: !!address && !!client && records.length > 0,
    queryFn: async (): Promise<PendingReveal[]> => {
      const block = await client!.getBlock();
      const now = Number(block.timestamp);
      const read = async (record: RevealRecord): Promise<PendingReveal | undefined> => {
        const taskId = BigInt(record.taskId);
        let batch: MyBatch;
        try {
          let revealWindow = revealWindows(record.taskId);
          if (revealWindow === undefined) {
            const t = await client!.readContract({ address: config.crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] });
            revealWindow = t.revealWindow;
          }
          batch = await readMyBatch(client!, { taskId, batchId: record.batchId, annotator: address!, revealWindow, now });
        } catch (error) {
          // The contract refused the read: a record of a task or batch this chain does not have (a local chain
          // restarted at the same address). It has nothing to reveal here, and must not hide the others.
          if (decodeTxError(error).kind === "contract") return undefined;
          throw error;
        }
        if (batch.slotState === SlotState.Revealed && (await revealIsFinal(client!, { record, slotIndex: batch.slotIndex, head: block.number }))) {
          useRevealStore.getState().mark(revealKey(record), { status: "revealed" });
        }
        if (NO_REVEAL_AHEAD.has(batch.status)) settledRecords.add(settledKey(record));
        if (batch.status !== "reveal-open") return undefined;
        const matching = revealFor(record, batch.slotHash);
        return { record: matching ?? record, batch, matches: !!matching };
      };
      const open = records.filter((r) => !settledRecords.has(settledKey(r)));
      return (await readChunked(open, read, PENDING_READ_CONCURRENCY)).filter((p): p is PendingReveal => p !== undefined);
    },
    refetchInterval: 4_000,
  });
}

import { BaseError, bytesToHex, ContractFunctionRevertedError, getAddress, hexToBytes, type Address, type Hex, type PublicClient } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";
import type { DatasetBatch, DatasetSource } from "../export/DatasetSource.ts";
import type { TaskManifest } from "../manifest/taskManifestSchema.ts";
import { CrowdlabelError } from "../errors.ts";
import { unpackLabels } from "../commitment/packLabels.ts";
import { isResolvedAt } from "../consensus/resolvedMask.ts";
import { batchItemCount } from "../manifest/batchItems.ts";
import { ManifestTaskMismatchError, manifestMismatches } from "../manifest/manifestMismatches.ts";
import { scanBlockRanges } from "./scanBlockRanges.ts";

export class TaskNotFoundError extends CrowdlabelError {
  override name = "TaskNotFoundError";
  constructor({ taskId, contract, chainId }: { taskId: bigint; contract: Address; chainId: number }) {
    super(`Task ${taskId} not found on chain ${chainId} at ${contract}.`, {
      details: "Check --task, the chain (--rpc / RPC_URL), the contract address (--contract / CROWDLABEL_ADDRESS), and that --from-block is not after the task's creation.",
    });
  }
}

export type ReadDatasetSourceOptions = {
  client: PublicClient;
  contract: Address;
  taskId: bigint;
  /**
   * A floor for the scan (the deployment's `startBlock`), default 0. The scan starts at the later of it and the
   * task's creation block, which the contract records (`getTask`), so it never walks the blocks before the task.
   */
  fromBlock?: bigint;
  /** Blocks per getLogs request to start with (public RPCs cap ranges; a refused one is halved), default 50,000. */
  blockRange?: bigint;
  /** Loads the manifest from its CID (e.g. `(cid) => fetchManifest({ config, cid })`). */
  loadManifest: (cid: string) => Promise<TaskManifest>;
};

/**
 * Rebuilds a task's `DatasetSource` from the contract's events alone (TaskCreated, SlotAssigned,
 * LabelsRevealed, BatchFinalised, GoldRevealed), as the CLI's `export` and `verify` do.
 */
export async function readDatasetSource(options: ReadDatasetSourceOptions): Promise<DatasetSource> {
  const { client, contract, taskId } = options;
  const chainId = await client.getChainId();
  const createdBlock = await taskCreatedBlock({ client, contract, taskId, chainId });
  const floor = options.fromBlock ?? 0n;
  // cacheTime 0: a client that polled recently would otherwise return a stale head and miss the newest logs
  const latest = await client.getBlockNumber({ cacheTime: 0 });
  const parts = await scanBlockRanges((fromBlock, toBlock) => readTaskLogsInRange({ client, contract, taskId, fromBlock, toBlock }).then((logs) => [logs]), {
    fromBlock: floor > createdBlock ? floor : createdBlock,
    toBlock: latest,
    blockRange: options.blockRange,
  });
  return datasetSourceFromLogs({ logs: mergeTaskLogs(parts), loadManifest: options.loadManifest, chainId, contract, taskId });
}

/** The block a task was created in, as the contract records it; `TaskNotFoundError` when the contract has no such task. */
export async function taskCreatedBlock(args: { client: PublicClient; contract: Address; taskId: bigint; chainId: number }): Promise<bigint> {
  return BigInt((await readTaskState(args)).createdBlock);
}

/** A task's state (`getTask`); a task that does not exist is a TaskNotFoundError. */
export async function readTaskState(args: { client: PublicClient; contract: Address; taskId: bigint; chainId: number }) {
  try {
    return await args.client.readContract({ address: args.contract, abi: crowdlabelAbi, functionName: "getTask", args: [args.taskId] });
  } catch (error) {
    if (error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError && e.data?.errorName === "TaskNotFound"))
      throw new TaskNotFoundError(args);
    throw error;
  }
}

/**
 * The events of one task between two blocks (inclusive) that its `DatasetSource` is built from: one getLogs request
 * per event type, so callers window long ranges themselves (`scanBlockRanges`) or read only new blocks.
 */
export async function readTaskLogsInRange(args: { client: PublicClient; contract: Address; taskId: bigint; fromBlock: bigint; toBlock: bigint }) {
  const { client, fromBlock, toBlock } = args;
  const base = { address: args.contract, abi: crowdlabelAbi, args: { taskId: args.taskId }, strict: true, fromBlock, toBlock } as const;
  const [created, assigned, revealed, finalised, goldRevealed] = await Promise.all([
    client.getContractEvents({ ...base, eventName: "TaskCreated" }),
    client.getContractEvents({ ...base, eventName: "SlotAssigned" }),
    client.getContractEvents({ ...base, eventName: "LabelsRevealed" }),
    client.getContractEvents({ ...base, eventName: "BatchFinalised" }),
    client.getContractEvents({ ...base, eventName: "GoldRevealed" }),
  ]);
  return { created, assigned, revealed, finalised, goldRevealed };
}

/** A task's events by type, each in chain order. */
export type TaskLogs = Awaited<ReturnType<typeof readTaskLogsInRange>>;

/** Consecutive block ranges' logs as one (each part's logs after the previous part's). */
export function mergeTaskLogs(parts: readonly TaskLogs[]): TaskLogs {
  return {
    created: parts.flatMap((p) => p.created),
    assigned: parts.flatMap((p) => p.assigned),
    revealed: parts.flatMap((p) => p.revealed),
    finalised: parts.flatMap((p) => p.finalised),
    goldRevealed: parts.flatMap((p) => p.goldRevealed),
  };
}

/**
 * The `DatasetSource` a task's events describe (`logs` from its creation block on), with the manifest their
 * TaskCreated names (`loadManifest`). Throws `TaskNotFoundError` when the logs hold no TaskCreated.
 */
export async function datasetSourceFromLogs(args: {
  logs: TaskLogs;
  loadManifest: (cid: string) => Promise<TaskManifest>;
  chainId: number;
  contract: Address;
  taskId: bigint;
}): Promise<DatasetSource> {
  const { logs, chainId, contract, taskId } = args;
  const { assigned, revealed, finalised, goldRevealed } = logs;
  const [created] = logs.created;
  if (!created) throw new TaskNotFoundError({ taskId, contract, chainId });
  const t = created.args.params;
  const manifest = await args.loadManifest(t.manifestCid);
  // Labels are read by the chain's counts: another class count would name them wrongly (or give two classes one id).
  const mismatches = manifestMismatches(manifest, { itemCount: t.itemCount, batchSize: t.batchSize, classCount: t.classCount });
  if (mismatches.length > 0) throw new ManifestTaskMismatchError(mismatches);
  const { owner, token } = created.args;

  const batches = new Map<number, DatasetBatch & { consensusBytes: Uint8Array }>();
  const batchOf = (batchId: number) => {
    let batch = batches.get(batchId);
    if (!batch) {
      batch = { batchId, rounds: 1, slots: [], consensus: "0x", resolvedMask: 0n, finalisations: [], consensusBytes: new Uint8Array(batchItemCount(t, batchId)) };
      batches.set(batchId, batch);
    }
    return batch;
  };
  // the latest assignment of a slot wins (an expired claim is handed to someone else)
  for (const log of assigned) {
    const batch = batchOf(log.args.batchId);
    const existing = batch.slots.findIndex((s) => s.slot === log.args.slot);
    const slot = { annotator: log.args.annotator, slot: log.args.slot, round: log.args.round, labels: null, revealTx: null, revealBlock: null };
    if (existing >= 0) batch.slots[existing] = slot;
    else batch.slots.push(slot);
    batch.rounds = Math.max(batch.rounds, log.args.round + 1);
  }
  for (const log of revealed) {
    const batch = batchOf(log.args.batchId);
    const slot = batch.slots.find((s) => s.slot === log.args.slot);
    if (!slot) continue;
    slot.labels = log.args.labels;
    slot.revealTx = log.transactionHash;
    slot.revealBlock = log.blockNumber;
  }
  for (const log of finalised) {
    const batch = batchOf(log.args.batchId);
    const round = hexToBytes(log.args.consensus);
    for (let i = 0; i < batch.consensusBytes.length; i++) if (isResolvedAt(log.args.newlyResolvedMask, i)) batch.consensusBytes[i] = round[i]!;
    batch.resolvedMask = log.args.resolvedMask;
    batch.finalisations.push({ round: log.args.round, newlyResolvedMask: log.args.newlyResolvedMask, tx: log.transactionHash as Hex, block: log.blockNumber });
  }
  const [gold] = goldRevealed;
  return {
    ...(gold ? { gold: { items: [...gold.args.items], labels: unpackLabels(gold.args.labels) } } : {}),
    manifest,
    manifestCid: t.manifestCid,
    task: {
      id: taskId,
      chainId,
      contract: getAddress(contract),
      token,
      owner,
      itemCount: t.itemCount,
      batchSize: t.batchSize,
      classCount: t.classCount,
      redundancy: t.redundancy,
      maxRedundancy: t.maxRedundancy,
      minAgreement: t.minAgreement,
      createdTx: created.transactionHash,
      createdBlock: created.blockNumber,
    },
    batches: [...batches.values()]
      .sort((a, b) => a.batchId - b.batchId)
      .map(({ consensusBytes, ...batch }) => ({ ...batch, slots: batch.slots.sort((a, b) => a.slot - b.slot), consensus: bytesToHex(consensusBytes) })),
  };
}

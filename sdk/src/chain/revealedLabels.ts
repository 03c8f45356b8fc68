import type { Address, Hex, PublicClient } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";
import { scanBlockRanges } from "./scanBlockRanges.ts";

/** What a LabelsRevealed event says about one slot. */
export type RevealedSlot = { batchId: number; slot: number; labels: Hex };

/**
 * What `finalise` takes for a batch: every slot's revealed labels up to the round's end (`roundEnd` from `getBatch`),
 * in slot order, "0x" for a slot that did not reveal. `revealed` may hold other batches' reveals; they are skipped.
 */
export function finaliseVectors(revealed: readonly RevealedSlot[], batchId: number, roundEnd: number): Hex[] {
  const vectors: Hex[] = Array.from({ length: roundEnd }, () => "0x");
  for (const r of revealed) if (r.batchId === batchId && r.slot < roundEnd) vectors[r.slot] = r.labels;
  return vectors;
}

/**
 * A task's LabelsRevealed events (one batch's with `batchId`) between two blocks, read in windows an RPC accepts.
 * `fromBlock`: the task's creation block (`getTask().createdBlock`), before which it has no events.
 */
export async function readRevealedSlots(args: {
  client: PublicClient;
  contract: Address;
  taskId: bigint;
  batchId?: number;
  fromBlock: bigint;
  toBlock: bigint;
  blockRange?: bigint;
}): Promise<RevealedSlot[]> {
  const { client, taskId, batchId } = args;
  const logs = await scanBlockRanges(
    (fromBlock, toBlock) =>
      client.getContractEvents({ address: args.contract, abi: crowdlabelAbi, eventName: "LabelsRevealed", args: { taskId, batchId }, strict: true, fromBlock, toBlock }),
    args,
  );
  return logs.map((log) => ({ batchId: log.args.batchId, slot: log.args.slot, labels: log.args.labels }));
}

import { parseEventLogs } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";
import type { Devchain } from "./connectDevchain.ts";
import { writeCrowdlabel } from "./writeCrowdlabel.ts";

/** A slot the contract assigned to an annotator (a default account index). */
export type AssignedSlot = { taskId: bigint; batchId: number; slot: number; annotator: number };

/**
 * `requestClaim` then `assign` (the next block, whose seed the request fixed) for one annotator; returns
 * the slots assigned, from the SlotAssigned events (fewer than `count` when fewer batches are open).
 */
export async function claimBatches(devchain: Devchain, options: { annotator: number; taskId: bigint; count: number }): Promise<AssignedSlot[]> {
  const { annotator, taskId, count } = options;
  await writeCrowdlabel(devchain, annotator, "requestClaim", [taskId, count]);
  const receipt = await writeCrowdlabel(devchain, annotator, "assign", [taskId, devchain.address(annotator)]);
  return parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "SlotAssigned" }).map((log) => ({
    taskId,
    batchId: log.args.batchId,
    slot: log.args.slot,
    annotator,
  }));
}

import { crowdlabelAbi, finaliseVectors, readBatchViews } from "@crowdlabel/sdk";
import type { Address, Hex, PublicClient } from "viem";
import { getConfig } from "../config/appConfig.ts";
import { batchStatus, type BatchStatus } from "./batchStatus.ts";
import { logsSince, polledLogsSince } from "./chainLogs.ts";

export type MyBatch = {
  taskId: bigint;
  batchId: number;
  held: boolean;
  slotIndex: number;
  slotState: number;
  slotHash: Hex;
  expiresAt: number;
  phase: number;
  round: number;
  roundStart: number;
  roundEnd: number;
  revealOpensAt: number;
  itemCount: number;
  status: BatchStatus;
};

/**
 * Every batch an annotator was ever assigned in a task (SlotAssigned logs) with its state read from the chain.
 * `fromBlock`: the task's creation block when known (fewer blocks to scan than from the deployment).
 */
export async function fetchMyBatches(client: PublicClient, args: { taskId: bigint; annotator: Address; revealWindow: number; fromBlock?: bigint }): Promise<MyBatch[]> {
  const config = getConfig();
  // Polled every few seconds by the task page and the workspace: only recent blocks are read again.
  const assignedBatchIds = await polledLogsSince(
    `${config.deploymentId}:assigned:${args.taskId}:${args.annotator.toLowerCase()}`,
    client,
    (fromBlock, toBlock) =>
      client
        .getContractEvents({ address: config.crowdlabel, abi: crowdlabelAbi, eventName: "SlotAssigned", args: { taskId: args.taskId, annotator: args.annotator }, fromBlock, toBlock })
        .then((logs) => logs.map((l) => Number(l.args.batchId))),
    args.fromBlock,
  );
  const batchIds = [...new Set(assignedBatchIds)].sort((a, b) => a - b);
  const block = await client.getBlock();
  const now = Number(block.timestamp);
  return Promise.all(batchIds.map((batchId) => readMyBatch(client, { ...args, batchId, now })));
}

export async function readMyBatch(
  client: PublicClient,
  args: { taskId: bigint; batchId: number; annotator: Address; revealWindow: number; now: number },
): Promise<MyBatch> {
  const address = getConfig().crowdlabel;
  const [[held, slotIndex], [batch, phase, revealOpensAt, itemCount]] = await Promise.all([
    client.readContract({ address, abi: crowdlabelAbi, functionName: "slotOf", args: [args.taskId, args.batchId, args.annotator] }),
    client.readContract({ address, abi: crowdlabelAbi, functionName: "getBatch", args: [args.taskId, args.batchId] }),
  ]);
  const [slot, slotHash] = held
    ? await client.readContract({ address, abi: crowdlabelAbi, functionName: "getSlot", args: [args.taskId, args.batchId, slotIndex] })
    : [{ annotator: args.annotator, expiresAt: 0, state: 0 }, "0x" as Hex];
  const base = {
    taskId: args.taskId,
    batchId: args.batchId,
    held,
    slotIndex,
    slotState: slot.state,
    slotHash,
    expiresAt: Number(slot.expiresAt),
    phase,
    round: batch.round,
    roundStart: batch.roundStart,
    roundEnd: batch.roundEnd,
    revealOpensAt: Number(revealOpensAt),
    itemCount: Number(itemCount),
  };
  return { ...base, status: batchStatus({ ...base, revealWindow: args.revealWindow, now: args.now }) };
}

/**
 * The label vectors `finalise` takes for each of `batchIds` (in that order): revealed labels in slot order, "0x" for a
 * slot that did not reveal. One log scan for all of them, from `fromBlock` (the task's creation block when known).
 * `roundEnds` (same order): each batch's `roundEnd` when the caller has just read it; otherwise it is read here.
 */
export async function revealedVectors(
  client: PublicClient,
  args: { taskId: bigint; batchIds: readonly number[]; fromBlock?: bigint; roundEnds?: readonly number[] },
): Promise<Hex[][]> {
  const config = getConfig();
  const only = args.batchIds.length === 1 ? args.batchIds[0] : undefined;
  const [roundEnds, logs] = await Promise.all([
    args.roundEnds ?? readBatchViews(client, { contract: config.crowdlabel, taskId: args.taskId, batchIds: args.batchIds }).then((views) => views.map((b) => b.roundEnd)),
    logsSince(
      client,
      (fromBlock, toBlock) =>
        client.getContractEvents({ address: config.crowdlabel, abi: crowdlabelAbi, eventName: "LabelsRevealed", args: { taskId: args.taskId, batchId: only }, fromBlock, toBlock }),
      args.fromBlock,
    ),
  ]);
  const revealed = logs.map((log) => ({ batchId: log.args.batchId!, slot: log.args.slot!, labels: log.args.labels! }));
  return args.batchIds.map((batchId, i) => finaliseVectors(revealed, batchId, roundEnds[i]!));
}

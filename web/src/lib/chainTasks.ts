import { claimsOver, crowdlabelAbi, passesGate, readClaimAvailability, type ClaimTaskTimes } from "@crowdlabel/sdk";
import type { Address, Hex, PublicClient } from "viem";
import { getConfig } from "../config/appConfig.ts";
import type { TaskFields } from "./taskFields.ts";
import { chainCache, observeHead, settledBlock } from "./chainLogs.ts";

/** A task as the app shows it: chain state (authoritative) plus what the indexer adds. */
export type TaskView = TaskFields<bigint, Address> & {
  title?: string;
  claimTtl: number;
  commitWindow: number;
  revealWindow: number;
  pendingBatches: number;
  minLabelsRevealed: number;
  minAgreementBps: number;
  goldCommitment: Hex;
  goldRevealed: boolean;
  itemsResolved?: number;
  labelsRevealed?: number;
  createdAt?: number;
  createdBlock?: bigint;
  eligible?: boolean;
  /** Bonds of claims not yet settled, and bonds forfeited to the task: from the chain (absent in an indexer summary). */
  bondsHeld?: bigint;
  bondsForfeited?: bigint;
  source: "chain" | "indexer";
};

export type ChainTask = Awaited<ReturnType<typeof readTask>>;

export function readTask(client: PublicClient, taskId: bigint) {
  return client.readContract({ address: getConfig().crowdlabel, abi: crowdlabelAbi, functionName: "getTask", args: [taskId] });
}

type CreatedParams = { manifestCid: string };

export function mergeTask(id: bigint, t: ChainTask, created: CreatedParams | undefined, extra: Partial<TaskView> = {}): TaskView {
  return {
    id,
    owner: t.owner,
    token: t.token,
    manifestCid: created?.manifestCid ?? "",
    itemCount: t.itemCount,
    batchSize: t.batchSize,
    batchCount: t.batchCount,
    classCount: t.classCount,
    redundancy: t.redundancy,
    maxRedundancy: t.maxRedundancy,
    minAgreement: t.minAgreement,
    rewardPerLabel: t.rewardPerLabel,
    bondPerClaim: t.bondPerClaim,
    claimTtl: t.claimTtl,
    commitWindow: t.commitWindow,
    revealWindow: t.revealWindow,
    deadline: Number(t.deadline),
    closed: t.closed,
    funded: t.funded,
    paid: t.paid,
    batchesDone: t.doneBatches,
    pendingBatches: t.pendingBatches,
    minLabelsRevealed: t.minLabelsRevealed,
    minAgreementBps: t.minAgreementBps,
    goldCommitment: t.goldCommitment,
    goldRevealed: t.goldRevealed,
    bondsHeld: t.bondsHeld,
    bondsForfeited: t.bondsForfeited,
    createdBlock: BigInt(t.createdBlock),
    source: "chain",
    ...extra,
  };
}

/**
 * Every task's live state, newest first, by id up to the contract's `taskCount` (the no-indexer fallback). No log is
 * scanned, so the cost grows with the number of tasks, not with the chain's age. `manifestCid` is left empty: a list
 * reads it (`readManifestCid`) only for the tasks it shows.
 */
export async function fetchTasksFromChain(client: PublicClient): Promise<TaskView[]> {
  const count = await client.readContract({ address: getConfig().crowdlabel, abi: crowdlabelAbi, functionName: "taskCount" });
  const ids = Array.from({ length: Number(count) }, (_, i) => count - BigInt(i));
  return Promise.all(ids.map(async (id) => mergeTask(id, await readTask(client, id), undefined)));
}

/** The tasks whose reputation gate `annotator` passes, marked eligible: one read of their counters, checked as `isEligible`. */
export async function eligibleTasks(client: PublicClient, tasks: TaskView[], annotator: Address): Promise<TaskView[]> {
  const [labelsRevealed, labelsAgreed] = await client.readContract({ address: getConfig().crowdlabel, abi: crowdlabelAbi, functionName: "annotatorStats", args: [annotator] });
  const counters = { labelsRevealed: Number(labelsRevealed), labelsAgreed: Number(labelsAgreed) };
  return tasks.filter((t) => passesGate(t, counters)).map((t) => ({ ...t, eligible: true }));
}

/** The task fields that decide whether a batch takes a claim now. */
export const claimTimes = (task: TaskView): ClaimTaskTimes => ({ redundancy: task.redundancy, claimTtl: task.claimTtl, commitWindow: task.commitWindow, deadline: task.deadline });

/** Per deployment, task and annotator: the batch last found to have a slot for them, read first on the next poll. */
const lastClaimable = chainCache<number>();

/**
 * How long a task found with no slot for an annotator is taken to stay so without reading its batches again, unless
 * a claim on it expires sooner or its counters move: a commit deadline passing with no commit restarts a round,
 * which no counter shows.
 */
export const NO_SLOT_RECHECK_SECONDS = 60;

/** Per deployment, task and annotator: a task read with no slot for them, until when, and its counters then. */
const noSlot = chainCache<{ until: number; counters: string }>();

/** The task counters a finalisation moves (every one lowers `pendingBatches`), which may open a round with new slots. */
const finaliseCounters = (t: TaskView) => `${t.pendingBatches}:${t.batchesDone}:${t.paid}:${t.bondsHeld ?? ""}`;

/**
 * The tasks `annotator` could claim a batch of now: not closed, and a batch with a slot for them (the sdk's
 * `readClaimAvailability`, stopping at the first). This runs on every poll of the filtered list, so:
 * - a task whose batches are all done, or whose claims are over before its deadline, is dropped without a read;
 * - each poll starts at the batch the last one found, so while it stays free a task costs one batch's reads;
 * - a task with no slot for them (read whole to know) is not read again until its first live claim expires, a round
 *   nobody committed to restarts, its counters move, or `NO_SLOT_RECHECK_SECONDS` pass.
 * With `eligibleTasks`, the chain's answer to "tasks I can take", as the indexer's `eligibleFor`.
 */
export async function tasksWithFreeSlot(client: PublicClient, tasks: TaskView[], annotator: Address): Promise<TaskView[]> {
  const { crowdlabel: contract, deploymentId } = getConfig();
  const now = Number((await client.getBlock()).timestamp);
  const mayTake = (t: TaskView) => !t.closed && t.batchesDone < t.batchCount && !claimsOver(t, now);
  const takes = await Promise.all(
    tasks.map(async (t) => {
      if (!mayTake(t)) return false;
      const key = `${deploymentId}:${t.id}:${annotator.toLowerCase()}`;
      const none = noSlot.get(key);
      if (none && now < none.until && none.counters === finaliseCounters(t)) return false;
      const read = await readClaimAvailability(client, { contract, taskId: t.id, batchCount: t.batchCount, task: claimTimes(t), annotator, enough: 1, now, startAt: lastClaimable.get(key) });
      if (read.firstClaimable === null) {
        lastClaimable.delete(key);
        noSlot.set(key, { until: Math.min(read.nextFreeAt ?? Infinity, read.nextRoundAt ?? Infinity, now + NO_SLOT_RECHECK_SECONDS), counters: finaliseCounters(t) });
      } else {
        lastClaimable.set(key, read.firstClaimable);
        noSlot.delete(key);
      }
      return read.claimableBatches > 0;
    }),
  );
  return tasks.filter((_, i) => takes[i]);
}

/** Timestamps of blocks by hash (a hash names one block for good), so a polled page reads each block once. */
const blockTimes = new Map<Hex, number>();

async function blockTime(client: PublicClient, blockHash: Hex): Promise<number> {
  let time = blockTimes.get(blockHash);
  if (time === undefined) {
    time = Number((await client.getBlock({ blockHash })).timestamp);
    blockTimes.set(blockHash, time);
  }
  return time;
}

type CreatedLog = { args: { params?: CreatedParams }; blockNumber: bigint | null; blockHash: Hex | null };

/** TaskCreated logs by deployment, task and creation block: one task's log is read once per tab (per chain). */
const createdLogs = chainCache<CreatedLog>();

/** A task's TaskCreated log, read from the one block the contract says the task was created in. */
async function createdLog(client: PublicClient, taskId: bigint, createdBlock: bigint): Promise<CreatedLog | undefined> {
  const config = getConfig();
  const key = `${config.deploymentId}:${taskId}:${createdBlock}`;
  // The head tells a restarted dev chain apart; a 30 s old one does (and errs toward keeping the log unsettled), so
  // most 5 s polls take it from viem's cache instead of asking the RPC.
  const head = await client.getBlockNumber({ cacheTime: 30_000 });
  observeHead(head);
  const known = createdLogs.get(key);
  if (known) return known;
  const [log] = await client.getContractEvents({ address: config.crowdlabel, abi: crowdlabelAbi, eventName: "TaskCreated", args: { taskId }, fromBlock: createdBlock, toBlock: createdBlock });
  // Kept once the block is final; until then each poll reads that one block again.
  if (log && createdBlock <= (await settledBlock(client, head))) createdLogs.set(key, log);
  return log;
}

/**
 * One task from the chain: its live state (`getTask`, which records the creation block) and its TaskCreated log
 * (manifest CID, windows) from that block alone. Polled: the log and the block time are read once.
 */
export async function fetchTaskFromChain(client: PublicClient, taskId: bigint): Promise<TaskView> {
  const state = await readTask(client, taskId);
  const log = await createdLog(client, taskId, BigInt(state.createdBlock));
  const createdAt = log?.blockHash != null ? await blockTime(client, log.blockHash) : undefined;
  return mergeTask(taskId, state, log?.args.params, { createdAt });
}

/** A task's manifest CID, from its TaskCreated log in the block the contract recorded (read once per tab when settled). */
export async function readManifestCid(client: PublicClient, taskId: bigint, createdBlock: bigint): Promise<string | undefined> {
  return (await createdLog(client, taskId, createdBlock))?.args.params?.manifestCid;
}

/** `tasks` with each missing manifest CID read from its TaskCreated log (a short list: one block per task). */
export function withManifestCids(client: PublicClient, tasks: TaskView[]): Promise<TaskView[]> {
  return Promise.all(
    tasks.map(async (t) => (t.manifestCid || t.createdBlock === undefined ? t : { ...t, manifestCid: (await readManifestCid(client, t.id, t.createdBlock)) ?? "" })),
  );
}

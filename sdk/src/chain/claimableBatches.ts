import type { Address, PublicClient } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";

/** Slot states by the contract's `Slot.state` number (0 empty … 4 forfeited). */
export const SLOT_STATES = ["empty", "claimed", "committed", "revealed", "forfeited"] as const;
export type SlotStateName = (typeof SLOT_STATES)[number];

/** Why a batch gives an annotator no slot now. */
export type ClaimBlock =
  | "done" // every item resolved, or every round bought
  | "reveal" // its round is past commits: revealing, or waiting for finalise
  | "round-ending" // its round's commit window (or the task) ends before a new claim's time to commit would
  | "held" // the annotator already holds (or held) a slot of it: one slot per annotator per batch
  | "full"; // every slot of its round is claimed by someone else and not expired, or committed

/** The fields of `getBatch`'s stored batch that decide claims. `roundEnd` 0 means never touched (round 0 of R slots). */
export type ClaimBatchState = { done: boolean; roundStart: number; roundEnd: number; committed: number; commitDeadline: number; revealOpensAt: number };

/** A slot's holder, state and claim expiry (seconds). */
export type ClaimSlotState = { annotator: string; state: SlotStateName; expiresAt: number };

/** The task fields that decide claims. */
export type ClaimTaskTimes = { redundancy: number; claimTtl: number; commitWindow: number; deadline: number };

export type BatchClaimability = { freeSlots: number; blocked: ClaimBlock | null; nextFreeAt: number | null; nextRoundAt: number | null };

/**
 * Whether no batch of the task can take a claim at `now` because the task ends too soon: a claim needs `claimTtl`
 * before its round's commit deadline, which is never after the task's deadline (each batch's "round-ending").
 */
export const claimsOver = (task: Pick<ClaimTaskTimes, "claimTtl" | "deadline">, now: number): boolean => now + task.claimTtl > task.deadline;

/**
 * Whether `assign` could give `annotator` a slot of this batch at time `now`, and how many slots of its round are
 * free: the contract's `_isClaimable`, `_tryAssign` and `_freeSlot`, read-only. `slots[s]` for every slot below the
 * round's end (earlier rounds included, missing = empty). `nextFreeAt`: for a full round, when its first live claim
 * expires (its slot may then be handed to the next claimer). `nextRoundAt`: for a round too near its commit deadline
 * to claim that nobody has committed to, that deadline: the round's clock then restarts with the next claim.
 */
export function batchClaimability(
  batch: ClaimBatchState,
  slots: readonly (ClaimSlotState | undefined)[],
  task: ClaimTaskTimes,
  annotator: string,
  now: number,
): BatchClaimability {
  const blocked = (why: ClaimBlock, nextRoundAt: number | null = null): BatchClaimability => ({ freeSlots: 0, blocked: why, nextFreeAt: null, nextRoundAt });
  if (batch.done) return blocked("done");
  if (batch.revealOpensAt !== 0) return blocked("reveal");
  let commitDeadline = batch.commitDeadline;
  if (commitDeadline !== 0 && now >= commitDeadline) {
    if (batch.committed !== 0) return blocked("reveal");
    commitDeadline = 0; // nobody committed in time: the next assignment restarts the round's clock
  }
  if (commitDeadline === 0) commitDeadline = Math.min(now + task.commitWindow, task.deadline);
  if (now + task.claimTtl > commitDeadline) {
    const restarts = commitDeadline === batch.commitDeadline && batch.committed === 0 && !claimsOver(task, commitDeadline);
    return blocked("round-ending", restarts ? commitDeadline : null);
  }

  const roundEnd = batch.roundEnd === 0 ? task.redundancy : batch.roundEnd;
  const me = annotator.toLowerCase();
  let freeSlots = 0;
  let nextFreeAt: number | null = null;
  for (let s = 0; s < roundEnd; s++) {
    const slot = slots[s];
    if (slot && slot.annotator.toLowerCase() === me) return blocked("held");
    if (s < batch.roundStart) continue;
    if (!slot || slot.state === "empty" || (slot.state === "claimed" && now >= slot.expiresAt)) freeSlots++;
    else if (slot.state === "claimed") nextFreeAt = Math.min(nextFreeAt ?? slot.expiresAt, slot.expiresAt);
  }
  return freeSlots === 0 ? { freeSlots, blocked: "full", nextFreeAt, nextRoundAt: null } : { freeSlots, blocked: null, nextFreeAt: null, nextRoundAt: null };
}

/** A task's batches as an annotator could claim them now. */
export type ClaimAvailability = {
  /** Batches with a slot for the annotator (one slot per batch, so the most one request can be given). */
  claimableBatches: number;
  /** Free slots in those batches. */
  freeSlots: number;
  /** Batches read; less than the task's when the scan stopped at `enough`. */
  scanned: number;
  /** Batches without a slot for the annotator, by reason (over the batches scanned). */
  blocked: Record<ClaimBlock, number>;
  /** When the first live claim on a full round expires, if any (seconds). */
  nextFreeAt: number | null;
  /** When the first round nobody committed to, too near its commit deadline to claim, restarts (seconds). */
  nextRoundAt: number | null;
};

/** What `readClaimAvailability` adds to the tally: the block time it judged by, and the first claimable batch it met. */
export type ClaimAvailabilityRead = ClaimAvailability & { now: number; firstClaimable: number | null };

export const noBlocks = (): Record<ClaimBlock, number> => ({ done: 0, reveal: 0, "round-ending": 0, held: 0, full: 0 });

/** A tally with nothing counted yet. */
export const emptyClaimAvailability = (): ClaimAvailability => ({ claimableBatches: 0, freeSlots: 0, scanned: 0, blocked: noBlocks(), nextFreeAt: null, nextRoundAt: null });

/**
 * Adds a batch's answer to a task's tally, `count` times: the batches nobody has touched share one answer, and a task
 * may have up to 2^32 - 1 of them, so they are added in one step rather than one by one.
 */
export function tallyClaimability(into: ClaimAvailability, batch: BatchClaimability, count = 1): ClaimAvailability {
  if (count <= 0) return into;
  into.scanned += count;
  if (batch.blocked === null) {
    into.claimableBatches += count;
    into.freeSlots += batch.freeSlots * count;
  } else into.blocked[batch.blocked] += count;
  if (batch.nextFreeAt !== null) into.nextFreeAt = Math.min(into.nextFreeAt ?? batch.nextFreeAt, batch.nextFreeAt);
  if (batch.nextRoundAt !== null) into.nextRoundAt = Math.min(into.nextRoundAt ?? batch.nextRoundAt, batch.nextRoundAt);
  return into;
}

/** Reads sent at once: a task may have thousands of batches. */
const READ_CHUNK = 16;

/**
 * Which batches of a task `annotator` could be assigned now (`now`: the latest block's time unless given, for a caller
 * checking many tasks against one block), read from the chain: `getBatch` for
 * each batch in order, then `getSlot` for the slots of those still taking claims. Stops once `enough` claimable
 * batches are found (a request takes at most 16), so an open task costs a few reads; a task with nothing left
 * is read whole, which is what it takes to say why. `startAt`: the batch to read first, then on in order and round
 * to the ones before it: a poller passes the `firstClaimable` of its last read, which is read alone, so while it is
 * still claimable the answer costs one batch's reads rather than every batch before it.
 */
export async function readClaimAvailability(
  client: PublicClient,
  args: { contract: Address; taskId: bigint; batchCount: number; task: ClaimTaskTimes; annotator: Address; enough?: number; now?: number; startAt?: number },
): Promise<ClaimAvailabilityRead> {
  const now = args.now ?? Number((await client.getBlock()).timestamp);
  const tally = emptyClaimAvailability();
  const enough = args.enough ?? Number.POSITIVE_INFINITY;
  const { batchCount } = args;
  const startAt = args.startAt !== undefined && args.startAt > 0 && args.startAt < batchCount ? args.startAt : 0;
  let firstClaimable: number | null = null;
  const readBatch = async (batchId: number): Promise<BatchClaimability> => {
    const [batch] = await client.readContract({ address: args.contract, abi: crowdlabelAbi, functionName: "getBatch", args: [args.taskId, batchId] });
    // Only a batch still taking claims needs its slots read.
    const early = batchClaimability(batch, [], args.task, args.annotator, now);
    if (early.blocked !== null) return early;
    const slots = await Promise.all(
      Array.from({ length: batch.roundEnd }, async (_, s) => {
        const [slot] = await client.readContract({ address: args.contract, abi: crowdlabelAbi, functionName: "getSlot", args: [args.taskId, batchId, s] });
        return { annotator: slot.annotator, state: SLOT_STATES[slot.state] ?? "empty", expiresAt: slot.expiresAt };
      }),
    );
    return batchClaimability(batch, slots, args.task, args.annotator, now);
  };
  // A given start is read alone first; then chunks of READ_CHUNK in order, wrapping round to batch 0.
  for (let k = 0; k < batchCount && tally.claimableBatches < enough; ) {
    const size = k === 0 && startAt > 0 ? 1 : Math.min(READ_CHUNK, batchCount - k);
    const ids = Array.from({ length: size }, (_, i) => (startAt + k + i) % batchCount);
    const answers = await Promise.all(ids.map(readBatch));
    for (const [i, answer] of answers.entries()) {
      if (tally.claimableBatches >= enough) break;
      if (answer.blocked === null) firstClaimable ??= ids[i]!;
      tallyClaimability(tally, answer);
    }
    k += size;
  }
  return { ...tally, now, firstClaimable };
}

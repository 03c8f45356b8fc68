import { batchClaimability, emptyClaimAvailability, tallyClaimability, type ClaimAvailability, type ClaimSlotState, type ClaimTaskTimes, type SlotStateName } from "@crowdlabel/sdk";
import { eq } from "ponder";
import { db } from "ponder:api";
import { batch, slot } from "ponder:schema";

/** The task fields the count needs. */
export type ClaimTaskRow = ClaimTaskTimes & { id: bigint; batchCount: number; batchesTouched: number };

const UNTOUCHED = { done: false, roundStart: 0, roundEnd: 0, committed: 0, commitDeadline: 0, revealOpensAt: 0 };

/**
 * Which batches of a task `assign` could give `address` at `now`, from the indexed batches and slots (the sdk's
 * `batchClaimability`). With `enough`, a task whose untouched batches already make `enough` is answered without
 * reading a row: the marketplace's filter only asks whether there is one.
 */
export async function claimAvailabilityOf(row: ClaimTaskRow, address: string, now: number, enough = Number.POSITIVE_INFINITY): Promise<ClaimAvailability> {
  const tally = emptyClaimAvailability();
  const untouched = batchClaimability(UNTOUCHED, [], row, address, now);
  const untouchedCount = row.batchCount - row.batchesTouched;
  if (untouched.blocked === null && untouchedCount >= enough) return tallyClaimability(tally, untouched, untouchedCount);
  const [touched, slots] = await Promise.all([db.select().from(batch).where(eq(batch.taskId, row.id)), db.select().from(slot).where(eq(slot.taskId, row.id))]);
  const slotsOf = new Map<number, ClaimSlotState[]>();
  for (const s of slots) {
    const list = slotsOf.get(s.batchId) ?? [];
    // "expired" here is a claim forfeited at close: its holder still holds the slot on chain.
    list[s.slot] = { annotator: s.annotator, state: s.state === "expired" ? "forfeited" : (s.state as SlotStateName), expiresAt: s.expiresAt };
    slotsOf.set(s.batchId, list);
  }
  for (const b of touched) tallyClaimability(tally, batchClaimability(b, slotsOf.get(b.batchId) ?? [], row, address, now));
  return tallyClaimability(tally, untouched, row.batchCount - touched.length);
}

import type { ClaimBlock } from "@crowdlabel/sdk";
import { batchesText, formatDuration } from "../../ui/format.ts";

/** What the task page knows about the batches assign could give the annotator (from the indexer, or read from the chain). */
export type ClaimAvailabilityView = {
  claimableBatches: number;
  blocked: Record<ClaimBlock, number>;
  nextFreeAt: number | null;
  nextRoundAt: number | null;
  /** False when the chain read stopped at enough batches: `claimableBatches` is then a lower bound. */
  complete: boolean;
};

/** Why batches give no slot, in the order an annotator cares about. */
const REASONS: readonly [ClaimBlock, (n: number, claimTtl: number) => string][] = [
  ["full", (n) => `${n} full: every slot of the current round is held by other annotators`],
  ["held", (n) => `${n} where you already hold a slot (one per annotator per batch)`],
  ["reveal", (n) => `${n} past commits: revealing or waiting to be finalised (an extra round may open after that)`],
  ["round-ending", (n, claimTtl) => `${n} whose round's commit window ends in less than a claim's ${formatDuration(claimTtl)} to commit`],
  ["done", (n) => `${n} done`],
];

/**
 * The task page's line about claimable batches: a headline, and when none is left, how many batches are blocked for
 * each reason and when a slot may next free up (sentences without final stops, for a list or a joined line).
 */
export function claimAvailabilityText(a: ClaimAvailabilityView, now: number, claimTtl: number): { headline: string; reasons: string[]; next: string | null } {
  if (a.claimableBatches > 0) {
    const verb = a.claimableBatches === 1 ? "has" : "have";
    return { headline: `${a.complete ? "" : "At least "}${batchesText(a.claimableBatches)} ${verb} a free slot for you now.`, reasons: [], next: null };
  }
  const reasons = REASONS.filter(([why]) => a.blocked[why] > 0).map(([why, text]) => text(a.blocked[why], claimTtl));
  return { headline: "No batch has a free slot for you now, so a claim would draw nothing (its bond would come back as credit).", reasons, next: nextSlotText(a, now) };
}

/** When a slot may next free up: the first live claim on a full round expiring, or a round nobody committed to restarting. */
function nextSlotText(a: Pick<ClaimAvailabilityView, "nextFreeAt" | "nextRoundAt">, now: number): string | null {
  if (a.nextRoundAt !== null && (a.nextFreeAt === null || a.nextRoundAt < a.nextFreeAt))
    return a.nextRoundAt > now
      ? `A round nobody has committed to restarts in ${formatDuration(a.nextRoundAt - now)}: claims can draw its slots again then`
      : "A round nobody committed to has just ended: claims can draw its slots again";
  if (a.nextFreeAt === null) return null;
  return a.nextFreeAt > now
    ? `The first claim on a full round expires in ${formatDuration(a.nextFreeAt - now)}: if it is not committed by then, its slot goes to the next claim`
    : "A claim on a full round has just expired: its slot goes to the next claim";
}

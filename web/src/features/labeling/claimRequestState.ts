/**
 * Blocks after a claim request's block whose hash can still draw its batches: the EVM keeps only the last 256
 * block hashes. `assign` in any later block finds the hash gone and the contract lets the request lapse: no
 * batch, and its bond is forfeited to the task (ClaimLapsed). A fresh draw would be a free re-roll, since the
 * claimer could compute the old draw as soon as the request's block was sealed.
 */
export const SEED_HASH_BLOCKS = 256n;

/** What `claimRequestOf` returns that matters here. */
export type ClaimRequestFields = { count: number; seedBlock: bigint; bond: bigint };

export type ClaimRequestState =
  | { kind: "none" }
  /** `assign` draws the batches if mined within `blocksLeft` more blocks (unknown before the head is read). */
  | { kind: "waiting"; count: number; bond: bigint; seedBlock: bigint; blocksLeft: bigint | undefined }
  /** Too old to draw: `assign` only clears it, and its bond stays forfeited to the task. */
  | { kind: "lapsed"; count: number; bond: bigint; seedBlock: bigint }
  /** The task was closed or passed its deadline: `assign` draws nothing and credits the bond back. */
  | { kind: "refundable"; count: number; bond: bigint; seedBlock: bigint; reason: "closed" | "ended" };

/**
 * The annotator's pending claim request as the next `assign` will treat it, judged from the chain's head block
 * (`assign` can be mined in the block after it at the earliest). Mirrors `Crowdlabel.assign`: a closed or ended
 * task refunds before the seed's age is looked at.
 */
export function claimRequestState(
  request: ClaimRequestFields | undefined,
  task: { closed: boolean; deadline: number },
  head: { number: bigint; timestamp: number } | undefined,
): ClaimRequestState {
  if (!request || request.count === 0) return { kind: "none" };
  const { count, bond, seedBlock } = request;
  if (task.closed) return { kind: "refundable", count, bond, seedBlock, reason: "closed" };
  if (head && head.timestamp >= task.deadline) return { kind: "refundable", count, bond, seedBlock, reason: "ended" };
  if (!head) return { kind: "waiting", count, bond, seedBlock, blocksLeft: undefined };
  const lastDrawBlock = seedBlock + SEED_HASH_BLOCKS;
  if (head.number >= lastDrawBlock) return { kind: "lapsed", count, bond, seedBlock };
  return { kind: "waiting", count, bond, seedBlock, blocksLeft: lastDrawBlock - head.number };
}

/** A ClaimLapsed event of the annotator's latest request. */
export type LapsedClaim = { count: number; bond: bigint; seedBlock: bigint; block: bigint };


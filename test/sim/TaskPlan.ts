import type { Claimer } from "./Claimer.ts";

/** One on-chain task of the replay. */
export type TaskPlan = {
  /** Report key, e.g. `bluebirds R=5`. */
  tag: string;
  dataset: string;
  /** Dataset item ids in manifest order. */
  items: string[];
  batchSize: number;
  classCount: number;
  redundancy: number;
  maxRedundancy: number;
  minAgreement: number;
  claimers: Claimer[];
  /** Seeds the order in which claimers request slots. */
  seed: number;
};

/** Token amounts of every task (18 decimals): 0.01 tUSD per agreeing label; a bond of one batch's rewards per slot. */
export const REWARD_PER_LABEL = 10n ** 16n;
export const bondPerClaim = (batchSize: number) => REWARD_PER_LABEL * BigInt(batchSize);
/** Windows: claims and commit windows far longer than a replay, reveal window short (non-revealers cost one jump). */
export const CLAIM_TTL = 86_400;
export const COMMIT_WINDOW = 20 * 86_400;
export const REVEAL_WINDOW = 3_600;
export const TASK_LIFETIME = 60 * 86_400;

import { batchCount } from "@crowdlabel/sdk";

/** What the first round costs at most (R labels per item); the rest funds adaptive extra rounds or is refunded. */
export function firstRoundCost(p: { itemCount: number; redundancy: number; rewardPerLabel: bigint }): bigint {
  return BigInt(p.itemCount) * BigInt(p.redundancy) * p.rewardPerLabel;
}

/** The sdk's batch count, 0 while the wizard's batch size is not set yet. */
export function batchCountOf(itemCount: number, batchSize: number): number {
  return batchSize > 0 ? batchCount({ itemCount, batchSize }) : 0;
}

/** The budget must fit in 128 bits (the contract's `funded` field). */
export const MAX_BUDGET = (1n << 128n) - 1n;

export type Funding = { budget: bigint; balance: bigint; allowance: bigint };

/** What the owner must do before `createTask`: top up, approve (or permit), or nothing. */
export function fundingStep(f: Funding): "insufficient-balance" | "approve" | "ready" {
  if (f.balance < f.budget) return "insufficient-balance";
  if (f.allowance < f.budget) return "approve";
  return "ready";
}

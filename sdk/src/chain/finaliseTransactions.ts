import type { Hex } from "viem";

/**
 * Gas one `finaliseBatches` transaction is planned to stay under: half the per-transaction cap of EIP-7825 (2^24),
 * so wallets' estimates with their margins still fit, on L1 and on rollups with smaller blocks.
 */
export const FINALISE_TX_GAS_BUDGET = 8_000_000;

/**
 * The gas budget for one `finaliseBatches` transaction on a chain whose blocks hold `blockGasLimit`: the usual budget,
 * or half a block where blocks are smaller (an L2 or a chain that lowered its limit), so the transaction still fits
 * beside others instead of failing for out-of-gas.
 */
export function finaliseGasBudget(blockGasLimit: bigint): number {
  const halfBlock = blockGasLimit / 2n;
  return halfBlock < BigInt(FINALISE_TX_GAS_BUDGET) ? Number(halfBlock) : FINALISE_TX_GAS_BUDGET;
}

/** One batch to finalise: what `finaliseBatches` takes for it (`FinaliseInput`). */
export type FinaliseInput = { batchId: number; labels: readonly Hex[] };

/**
 * A generous estimate of the gas `finalise` spends on one round, from the vectors it is given: a fixed part, a part per
 * slot (credits and counters written cold), and a part per revealed label (the tally). Above what the contracts
 * measure: ~75k gas for 32 images × 3 slots, 0.25M for 4 × 15, 1.09M for 256 × 15 (~140k for a first, cold one).
 */
export function finaliseGasEstimate(labels: readonly Hex[]): number {
  const labelBytes = labels.reduce((n, vector) => n + (vector.length - 2) / 2, 0);
  return 60_000 + 30_000 * labels.length + 300 * labelBytes;
}

/**
 * Splits batches, in order, into `finaliseBatches` transactions whose estimated gas stays under `gasBudget`; a batch
 * over the budget on its own still gets a transaction of its own.
 */
export function groupFinalisations<T extends FinaliseInput>(batches: readonly T[], gasBudget = FINALISE_TX_GAS_BUDGET): T[][] {
  const groups: T[][] = [];
  let gas = 0;
  for (const batch of batches) {
    const cost = finaliseGasEstimate(batch.labels);
    const last = groups.at(-1);
    if (last && gas + cost <= gasBudget) {
      last.push(batch);
      gas += cost;
    } else {
      groups.push([batch]);
      gas = cost;
    }
  }
  return groups;
}

import type { CrowdLabels } from "./crowdLabels.ts";

/**
 * Beta prior on a worker's agreement rate. With `agreed` successes out of `total`, the posterior mean is
 * `(agreed + alpha) / (total + alpha + beta)`. The default alpha = beta = 1 (uniform prior, Laplace's rule of
 * succession) starts a newcomer at 0.5 and lets about two labels of evidence move it: 1 of 1 -> 0.667,
 * 9 of 10 -> 0.833, 90 of 100 -> 0.892. Raise alpha + beta to trust small samples less.
 */
export type BetaPrior = { alpha?: number; beta?: number };

/** Posterior-mean agreement rate under a Beta(alpha, beta) prior. */
export function betaSmoothedRate({ agreed, total, alpha = 1, beta = 1 }: { agreed: number; total: number } & BetaPrior): number {
  return (agreed + alpha) / (total + alpha + beta);
}

export type WorkerAgreement = {
  /** Labels the worker gave on items that have a reference class. */
  total: number;
  /** Of those, labels equal to the reference class. */
  agreed: number;
  /** agreed / total (NaN when total is 0). */
  rawRate: number;
  /** Beta-smoothed rate, see `BetaPrior`. */
  rate: number;
};

/**
 * Per worker, agreement with a reference labeling (consensus, majority vote, DS labels, …);
 * items whose reference is null are skipped.
 */
export function agreementRates(data: CrowdLabels, reference: readonly (number | null)[], prior: BetaPrior = {}): WorkerAgreement[] {
  const total = new Uint32Array(data.workerCount);
  const agreed = new Uint32Array(data.workerCount);
  for (let i = 0; i < data.itemCount; i++) {
    const ref = reference[i];
    if (ref === null || ref === undefined) continue;
    for (let n = data.itemStart[i]!; n < data.itemStart[i + 1]!; n++) {
      const w = data.worker[n]!;
      total[w]!++;
      if (data.label[n] === ref) agreed[w]!++;
    }
  }
  return Array.from(total, (t, w) => ({
    total: t,
    agreed: agreed[w]!,
    rawRate: t === 0 ? Number.NaN : agreed[w]! / t,
    rate: betaSmoothedRate({ agreed: agreed[w]!, total: t, ...prior }),
  }));
}

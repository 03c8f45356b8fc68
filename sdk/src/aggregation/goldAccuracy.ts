import type { CrowdLabels } from "./crowdLabels.ts";
import { agreementRates, type BetaPrior, type WorkerAgreement } from "./agreementRate.ts";

export type GoldAccuracyResult = {
  /** Per worker: labels on gold items, correct ones, raw and Beta-smoothed accuracy. */
  workers: WorkerAgreement[];
  /** All workers' labels on gold items that were correct (label-level accuracy). */
  overall: number;
  goldLabels: number;
};

/** Accuracy of each worker on the gold items whose answers the owner revealed. */
export function goldAccuracy<Item extends string | number>(
  data: CrowdLabels<Item, string | number>,
  gold: ReadonlyMap<Item, number>,
  prior: BetaPrior = {},
): GoldAccuracyResult {
  const reference = data.itemIds.map((id) => gold.get(id) ?? null);
  const workers = agreementRates(data, reference, prior);
  let total = 0;
  let agreed = 0;
  for (const w of workers) {
    total += w.total;
    agreed += w.agreed;
  }
  return { workers, overall: total === 0 ? Number.NaN : agreed / total, goldLabels: total };
}

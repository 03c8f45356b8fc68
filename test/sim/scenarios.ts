import type { Claimer } from "./Claimer.ts";
import { adversaryClaimers, slotActorClaimers, workerClaimers } from "./claimers.ts";
import { isDense, labelsAvailable, type CrowdDataset } from "./crowdDataset.ts";
import type { TaskPlan } from "./TaskPlan.ts";

/** The contract's MAX_REDUNDANCY: a task buys at most this many labels per item. */
export const MAX_REDUNDANCY = 15;

export type RowKind = "fixed" | "adaptive" | "adversaries";

/** One line of the report: one or more tasks over the same items. */
export type ScenarioRow = {
  key: string;
  dataset: string;
  kind: RowKind;
  /** Labels per item bought (R, or R..R_max for adaptive). */
  redundancyLabel: string;
  plans: TaskPlan[];
  /** Identities on chain: real workers (dense data) or slot actors (sparse data). */
  identities: "workers" | "slot actors";
};

/** Items per batch by dataset size: small batches keep adaptive rounds targeted, large ones keep gas per label low. */
export function batchSizeFor(dataset: CrowdDataset): number {
  const n = dataset.items.length;
  return n <= 200 ? 4 : n <= 2000 ? 8 : 32;
}

const strictMajority = (r: number) => Math.floor(r / 2) + 1;

/**
 * The tasks replayed for a dataset: fixed R in {3, 5, all available} (those the data supports), adaptive
 * redundancy (R_max = 5, or all available when fewer; R starts at the agreement bar, a strict majority of
 * R_max, so an item stops as soon as one class has that majority), and on dense data R=5 with four adversaries among the real workers.
 */
export function scenariosFor(dataset: CrowdDataset, options: { seed: number; adversaries: boolean }): ScenarioRow[] {
  const dense = isDense(dataset);
  const available = labelsAvailable(dataset);
  const batchSize = batchSizeFor(dataset);
  const items = dataset.items;
  const rows: ScenarioRow[] = [];
  const identities = dense ? "workers" : "slot actors";
  const plan = (tag: string, r: number, rMax: number, minAgreement: number, claimers: Claimer[], seed: number): TaskPlan => ({
    tag,
    dataset: dataset.name,
    items,
    batchSize,
    classCount: dataset.classCount,
    redundancy: r,
    maxRedundancy: rMax,
    minAgreement,
    claimers,
    seed,
  });
  const claimersFor = (count: number, workers?: string[], slotsPerRequest = 1) =>
    dense ? workerClaimers(dataset, { items, workers, slotsPerRequest }) : slotActorClaimers(dataset, { count, items });

  const fixed = [...new Set([3, 5, available].filter((r) => r <= available && r >= 1))].sort((a, b) => a - b);
  for (const r of fixed) {
    const label = r === available ? `${r} (all)` : String(r);
    if (r <= MAX_REDUNDANCY) {
      rows.push({ key: `${dataset.name} R=${label}`, dataset: dataset.name, kind: "fixed", redundancyLabel: label, identities, plans: [plan(`${dataset.name} R=${r}`, r, r, strictMajority(r), claimersFor(r), options.seed + r)] });
      continue;
    }
    // More labels than one task can buy: split the workers into groups, one task per group over the same items,
    // each worker of a group taking a slot in every batch (dense data only).
    const groups = Math.ceil(r / MAX_REDUNDANCY);
    const per = Math.floor(dataset.workers.length / groups);
    const plans = Array.from({ length: groups }, (_, g) => {
      const workers = dataset.workers.slice(g * per, g === groups - 1 ? dataset.workers.length : (g + 1) * per);
      return plan(`${dataset.name} R=${label} group ${g + 1}/${groups}`, workers.length, workers.length, strictMajority(workers.length), claimersFor(workers.length, workers, 16), options.seed + 100 + g);
    });
    rows.push({ key: `${dataset.name} R=${label}`, dataset: dataset.name, kind: "fixed", redundancyLabel: `${label} = ${plans.map((p) => p.redundancy).join("+")}`, identities, plans });
  }

  const rMax = Math.min(5, available);
  const rStart = strictMajority(rMax);
  if (rMax > rStart) {
    rows.push({
      key: `${dataset.name} adaptive R=${rStart}..${rMax}`,
      dataset: dataset.name,
      kind: "adaptive",
      redundancyLabel: `${rStart}..${rMax}`,
      identities,
      plans: [plan(`${dataset.name} adaptive ${rStart}..${rMax}`, rStart, rMax, strictMajority(rMax), claimersFor(rMax), options.seed + 50)],
    });
  }

  if (dense && options.adversaries && available >= 5) {
    const honest = claimersFor(5);
    const adversaries = adversaryClaimers(dataset, { partner: honest[0]!, slotsPerRequest: 2, seed: options.seed + 7 });
    rows.push({
      key: `${dataset.name} R=5 + adversaries`,
      dataset: dataset.name,
      kind: "adversaries",
      redundancyLabel: "5",
      identities,
      plans: [plan(`${dataset.name} R=5 + adversaries`, 5, 5, 3, [...honest, ...adversaries], options.seed + 70)],
    });
  }
  return rows;
}

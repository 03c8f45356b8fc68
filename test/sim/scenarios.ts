import type { Claimer } from "./Claimer.ts";
import { adversaryClaimers, slotActorClaimers, workerClaimers } from "./claimers.ts";
import { isDense, labelsAvailable, workerGroups, type CrowdDataset } from "./crowdDataset.ts";
import type { TaskPlan } from "./TaskPlan.ts";

/** The contract's MAX_REDUNDANCY: a task buys at most this many labels per item. */
export const MAX_REDUNDANCY = 15;
/** The contract's MAX_BATCH_SIZE. */
export const MAX_BATCH_SIZE = 256;

/** `hits`: a sparse dataset replayed with its real workers, one task per HIT (group of items one set of workers labeled). */
export type RowKind = "fixed" | "adaptive" | "adversaries" | "hits";

/** One line of the report: one or more tasks over the same items. */
export type ScenarioRow = {
  key: string;
  dataset: string;
  kind: RowKind;
  /** Labels per item bought (R, or R..R_max for adaptive). */
  redundancyLabel: string;
  plans: TaskPlan[];
  /** Identities on chain: real workers (dense data, or sparse data replayed HIT by HIT) or slot actors (sparse data, one task). */
  identities: "workers" | "slot actors";
};

/** Items per batch by dataset size: small batches keep adaptive rounds targeted, large ones keep gas per label low. */
export function batchSizeFor(dataset: CrowdDataset): number {
  const n = dataset.items.length;
  return n <= 200 ? 4 : n <= 2000 ? 8 : 32;
}

const strictMajority = (r: number) => Math.floor(r / 2) + 1;

/** Accounts for a task: the real workers (dense data; all, or `workers`) or `count` slot actors (sparse data). */
function claimersFor(dataset: CrowdDataset, options: { count: number; workers?: string[]; slotsPerRequest?: number }): Claimer[] {
  const items = dataset.items;
  return isDense(dataset)
    ? workerClaimers(dataset, { items, workers: options.workers, slotsPerRequest: options.slotsPerRequest ?? 1 })
    : slotActorClaimers(dataset, { count: options.count, items });
}

type PlanOptions = { tag: string; r: number; rMax: number; minAgreement: number; claimers: Claimer[]; seed: number; batchSize?: number; items?: string[] };

function taskPlan(dataset: CrowdDataset, o: PlanOptions): TaskPlan {
  return {
    tag: o.tag,
    dataset: dataset.name,
    items: o.items ?? dataset.items,
    batchSize: o.batchSize ?? batchSizeFor(dataset),
    classCount: dataset.classCount,
    redundancy: o.r,
    maxRedundancy: o.rMax,
    minAgreement: o.minAgreement,
    claimers: o.claimers,
    seed: o.seed,
  };
}

/**
 * The tasks replayed for a dataset: fixed R in {3, 5, all available} (those the data supports), adaptive
 * redundancy (R_max = 5, or all available when fewer; R starts at the agreement bar, a strict majority of
 * R_max, so an item stops as soon as one class has that majority), and on dense data R=5 with four adversaries among the real workers.
 */
export function scenariosFor(dataset: CrowdDataset, options: { seed: number; adversaries: boolean }): ScenarioRow[] {
  const dense = isDense(dataset);
  const available = labelsAvailable(dataset);
  const rows: ScenarioRow[] = [];
  const identities = dense ? "workers" : "slot actors";
  const plan = (tag: string, r: number, rMax: number, minAgreement: number, claimers: Claimer[], seed: number) =>
    taskPlan(dataset, { tag, r, rMax, minAgreement, claimers, seed });
  const claimers = (count: number, workers?: string[], slotsPerRequest?: number) => claimersFor(dataset, { count, workers, slotsPerRequest });

  const fixed = [...new Set([3, 5, available].filter((r) => r <= available && r >= 1))].sort((a, b) => a - b);
  for (const r of fixed) {
    const label = r === available ? `${r} (all)` : String(r);
    if (r <= MAX_REDUNDANCY) {
      rows.push({ key: `${dataset.name} R=${label}`, dataset: dataset.name, kind: "fixed", redundancyLabel: label, identities, plans: [plan(`${dataset.name} R=${r}`, r, r, strictMajority(r), claimers(r), options.seed + r)] });
      continue;
    }
    // More labels than one task can buy: split the workers into groups, one task per group over the same items,
    // each worker of a group taking a slot in every batch (dense data only).
    const groups = Math.ceil(r / MAX_REDUNDANCY);
    const per = Math.floor(dataset.workers.length / groups);
    const plans = Array.from({ length: groups }, (_, g) => {
      const workers = dataset.workers.slice(g * per, g === groups - 1 ? dataset.workers.length : (g + 1) * per);
      return plan(`${dataset.name} R=${label} group ${g + 1}/${groups}`, workers.length, workers.length, strictMajority(workers.length), claimers(workers.length, workers, 16), options.seed + 100 + g);
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
      plans: [plan(`${dataset.name} adaptive ${rStart}..${rMax}`, rStart, rMax, strictMajority(rMax), claimers(rMax), options.seed + 50)],
    });
  }

  if (!dense) rows.push(...hitRows(dataset, { redundancies: fixed, seed: options.seed + 200 }));

  if (dense && options.adversaries && available >= 5) {
    const honest = claimers(5);
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

/**
 * Sparse data with its real workers: one task per HIT (`workerGroups`), whose annotators are the HIT's first R workers,
 * one batch per task (a HIT has at most 256 items), so the contract's random assignment has nothing to choose and every
 * worker labels exactly the items it labeled on the market. The same worker keeps one account across HITs, so the merged
 * exports carry real identities for Dawid-Skene. Costs more gas than one task (a task per HIT); the one-task rows give the gas.
 */
export function hitRows(dataset: CrowdDataset, options: { redundancies: readonly number[]; seed: number }): ScenarioRow[] {
  const groups = workerGroups(dataset);
  const available = labelsAvailable(dataset);
  return options.redundancies
    .filter((r) => r <= MAX_REDUNDANCY)
    .map((r) => {
      const label = r === available ? `${r} (all)` : String(r);
      const plans = groups.map((g, h) => {
        const workers = g.workers.slice(0, r);
        return taskPlan(dataset, {
          tag: `${dataset.name} R=${r} HIT ${h + 1}/${groups.length}`,
          r,
          rMax: r,
          minAgreement: strictMajority(r),
          claimers: workerClaimers(dataset, { items: g.items, workers, slotsPerRequest: 1 }),
          seed: options.seed + h,
          batchSize: Math.min(g.items.length, MAX_BATCH_SIZE),
          items: g.items,
        });
      });
      return { key: `${dataset.name} R=${label} HITs`, dataset: dataset.name, kind: "hits", redundancyLabel: label, identities: "workers", plans } satisfies ScenarioRow;
    });
}

/** The fixed-R row an adaptive row is compared with: the one whose R is the adaptive row's R_max. */
export function fixedCounterpart<T extends { dataset: string; kind: RowKind; redundancyLabel?: string; redundancy?: string }>(rows: readonly T[], adaptive: T): T | undefined {
  const label = (r: T) => r.redundancyLabel ?? r.redundancy ?? "";
  const top = label(adaptive).split("..")[1];
  return rows.find((r) => r.dataset === adaptive.dataset && r.kind === "fixed" && label(r).split(" ")[0] === top);
}

/**
 * Fixed-R tasks over the whole dataset at several batch sizes (the gas-per-label sweep): the datasets force small
 * batches, the protocol's default is 256.
 */
export function batchSweepRows(dataset: CrowdDataset, options: { redundancy: number; batchSizes: readonly number[]; seed: number }): ScenarioRow[] {
  const r = options.redundancy;
  return options.batchSizes.map((batchSize) => ({
    key: `${dataset.name} R=${r} batch ${batchSize}`,
    dataset: dataset.name,
    kind: "fixed",
    redundancyLabel: String(r),
    identities: isDense(dataset) ? "workers" : "slot actors",
    plans: [taskPlan(dataset, { tag: `${dataset.name} R=${r} batch ${batchSize}`, r, rMax: r, minAgreement: strictMajority(r), claimers: claimersFor(dataset, { count: r }), seed: options.seed + r, batchSize })],
  }));
}

import { seededRandom } from "@crowdlabel/sdk";
import type { Claimer } from "./Claimer.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import { simAccount } from "./simAccounts.ts";
import { SimulationError } from "./SimulationError.ts";

/**
 * Dense data (every worker labeled every item): one account per real worker. Whatever batches the contract
 * assigns to a worker, the worker's recorded labels for those items are committed and revealed.
 */
export function workerClaimers(dataset: CrowdDataset, options: { workers?: readonly string[]; items: readonly string[]; slotsPerRequest: number }): Claimer[] {
  const byItem = new Map(options.items.map((item) => [item, new Map((dataset.labels.get(item) ?? []).map((l) => [l.worker, l.label]))]));
  return (options.workers ?? dataset.workers).map((worker) => ({
    id: worker,
    role: "worker",
    account: simAccount(dataset.name, `worker:${worker}`),
    reveals: true,
    slotsPerRequest: options.slotsPerRequest,
    labelsFor: (items) =>
      items.map((i) => {
        const label = byItem.get(options.items[i]!)?.get(worker);
        if (label === undefined)
          throw new SimulationError(`Worker ${worker} has no label for item ${options.items[i]} of ${dataset.name}.`, {
            details: "Real identities can only be replayed on dense data; use slot actors for sparse data.",
          });
        return label;
      }),
  }));
}

/**
 * Sparse data: `slot-actor-k` submits, for every item of whatever batch it is assigned, the recorded label of
 * that item's k-th worker (file order). Items with fewer than k+1 labels get "cannot label" (value classCount).
 * Every batch ends up with the same recorded labels as the dataset, but identities are actors, not workers.
 */
export function slotActorClaimers(dataset: CrowdDataset, options: { count: number; items: readonly string[] }): Claimer[] {
  return Array.from({ length: options.count }, (_, k) => ({
    id: `slot-actor-${k}`,
    role: "slotActor",
    account: simAccount(dataset.name, `slot-actor:${k}`),
    reveals: true,
    slotsPerRequest: 16,
    labelsFor: (items) => items.map((i) => dataset.labels.get(options.items[i]!)?.[k]?.label ?? dataset.classCount),
  }));
}

/** The most frequent label in the dataset's recorded answers (what a lazy annotator can know). */
export function mostCommonLabel(dataset: CrowdDataset): number {
  const counts = new Array<number>(dataset.classCount).fill(0);
  for (const list of dataset.labels.values()) for (const l of list) counts[l.label]!++;
  return counts.indexOf(Math.max(...counts));
}

/**
 * Four adversaries: a spammer answering uniformly at random, a lazy annotator always answering the most
 * common class, a copier that colludes with `partner` (a real worker: it submits the partner's recorded
 * answers, as if the partner shared them off chain), and a non-revealer that commits and never reveals.
 */
export function adversaryClaimers(dataset: CrowdDataset, options: { partner: Claimer; slotsPerRequest: number; seed: number }): Claimer[] {
  const spam = seededRandom(options.seed);
  const noise = seededRandom(options.seed + 1);
  const common = mostCommonLabel(dataset);
  const base = { reveals: true, slotsPerRequest: options.slotsPerRequest } as const;
  return [
    { ...base, id: "spammer", role: "spammer", account: simAccount(dataset.name, "adversary:spammer"), labelsFor: (items) => items.map(() => Math.floor(spam() * dataset.classCount)) },
    { ...base, id: "majority-class", role: "majorityClass", account: simAccount(dataset.name, "adversary:majority"), labelsFor: (items) => items.map(() => common) },
    { ...base, id: `copier-of-${options.partner.id}`, role: "copier", account: simAccount(dataset.name, "adversary:copier"), labelsFor: options.partner.labelsFor },
    {
      ...base,
      id: "non-revealer",
      role: "nonRevealer",
      reveals: false,
      account: simAccount(dataset.name, "adversary:silent"),
      labelsFor: (items) => items.map(() => Math.floor(noise() * dataset.classCount)),
    },
  ];
}

/** One recorded crowd label. */
export type RecordedLabel = { worker: string; label: number };

/** Real crowd labels with ground truth, in the shape the replay needs. */
export type CrowdDataset = {
  name: string;
  /** Where the files were read from. */
  source: string;
  /** Item ids in a fixed order (the task's manifest order). */
  items: string[];
  /** Worker ids in order of first appearance. */
  workers: string[];
  /** Labels of each item in file order (the k-th entry is the item's "k-th worker"). */
  labels: Map<string, RecordedLabel[]>;
  truth: Map<string, number>;
  /** Named classes; labels are 0..classCount-1. */
  classCount: number;
};

/** Whether every worker labeled every item (then real identities can be replayed). */
export function isDense(dataset: CrowdDataset): boolean {
  const workers = dataset.workers.length;
  return dataset.items.every((item) => new Set(dataset.labels.get(item)?.map((l) => l.worker)).size === workers);
}

/** Smallest number of labels any item has: the largest redundancy every item can be replayed at. */
export function labelsAvailable(dataset: CrowdDataset): number {
  let min = Number.POSITIVE_INFINITY;
  for (const item of dataset.items) min = Math.min(min, dataset.labels.get(item)?.length ?? 0);
  return Number.isFinite(min) ? min : 0;
}

/** The dataset restricted to some items and workers (a deterministic slice for quick runs). */
export function sliceDataset(dataset: CrowdDataset, options: { items?: number; workers?: number }): CrowdDataset {
  const workers = dataset.workers.slice(0, options.workers ?? dataset.workers.length);
  const keep = new Set(workers);
  // Items none of the kept workers labeled drop out: an item without labels would leave every redundancy unplayable.
  const labels = new Map(
    dataset.items.slice(0, options.items ?? dataset.items.length).flatMap((item) => {
      const kept = (dataset.labels.get(item) ?? []).filter((l) => keep.has(l.worker));
      return kept.length > 0 ? [[item, kept] as const] : [];
    }),
  );
  const items = [...labels.keys()];
  return { ...dataset, items, workers, labels, truth: new Map(items.flatMap((i) => (dataset.truth.has(i) ? [[i, dataset.truth.get(i)!]] : []))) };
}

/** Items that the same set of workers labeled: on a crowdsourcing market, one HIT (or one HIT template run). */
export type WorkerGroup = {
  /** Item ids in dataset order. */
  items: string[];
  /** The group's workers, in the file order of the group's first item's labels. */
  workers: string[];
};

/**
 * Partitions the items by the exact set of workers that labeled them, groups in order of their first item.
 * Sparse datasets collected as HITs fall apart into their HITs (rte: 40 groups of 20 items and 10 workers);
 * within a group every worker labeled every item, so real identities can be replayed group by group.
 */
export function workerGroups(dataset: CrowdDataset): WorkerGroup[] {
  const groups = new Map<string, WorkerGroup>();
  for (const item of dataset.items) {
    const labels = dataset.labels.get(item) ?? [];
    if (labels.length === 0) continue;
    const key = labels.map((l) => l.worker).sort().join("\u0000");
    const group = groups.get(key);
    if (group) group.items.push(item);
    else groups.set(key, { items: [item], workers: labels.map((l) => l.worker) });
  }
  return [...groups.values()];
}

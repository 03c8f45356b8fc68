import { CrowdlabelError } from "../errors.ts";

/** One crowd label: `worker` gave `label` to `item`. Ids may be any string or number. */
export type LabelTriple<Item = string | number, Worker = string | number> = { item: Item; worker: Worker; label: number };

/**
 * Crowd labels in compact form for the aggregators: items and workers are dense indices, the
 * labels are grouped by item (CSR layout: labels of item i are at [itemStart[i], itemStart[i+1])).
 */
export type CrowdLabels<Item = string | number, Worker = string | number> = {
  itemCount: number;
  workerCount: number;
  /** Label values are 0..classCount-1. */
  classCount: number;
  /** Original id of each item / worker index. */
  itemIds: Item[];
  workerIds: Worker[];
  itemStart: Uint32Array;
  worker: Uint32Array;
  label: Uint16Array;
};

export type BuildCrowdLabelsOptions<Item> = {
  /** Number of classes; inferred as max label + 1 when omitted. */
  classCount?: number;
  /** Fix the item order (e.g. every manifest item, labeled or not); unknown items in the triples are an error. */
  items?: readonly Item[];
};

/** Groups label triples by item into the compact form every aggregator takes. */
export function buildCrowdLabels<Item extends string | number, Worker extends string | number>(
  triples: Iterable<LabelTriple<Item, Worker>>,
  options: BuildCrowdLabelsOptions<Item> = {},
): CrowdLabels<Item, Worker> {
  const itemIndex = new Map<Item, number>();
  const itemIds: Item[] = [];
  if (options.items) for (const id of options.items) if (!itemIndex.has(id)) itemIndex.set(id, itemIds.push(id) - 1);
  const fixedItems = options.items !== undefined;
  const workerIndex = new Map<Worker, number>();
  const workerIds: Worker[] = [];
  const rawItem: number[] = [];
  const rawWorker: number[] = [];
  const rawLabel: number[] = [];
  let maxLabel = -1;
  for (const t of triples) {
    let i = itemIndex.get(t.item);
    if (i === undefined) {
      if (fixedItems) throw new CrowdlabelError(`Label for unknown item ${String(t.item)}.`);
      i = itemIds.push(t.item) - 1;
      itemIndex.set(t.item, i);
    }
    let w = workerIndex.get(t.worker);
    if (w === undefined) {
      w = workerIds.push(t.worker) - 1;
      workerIndex.set(t.worker, w);
    }
    if (!Number.isInteger(t.label) || t.label < 0 || t.label > 0xffff)
      throw new CrowdlabelError(`Invalid label ${t.label} for item ${String(t.item)} by worker ${String(t.worker)}.`);
    if (t.label > maxLabel) maxLabel = t.label;
    rawItem.push(i);
    rawWorker.push(w);
    rawLabel.push(t.label);
  }
  const classCount = options.classCount ?? Math.max(2, maxLabel + 1);
  if (maxLabel >= classCount) throw new CrowdlabelError(`Label ${maxLabel} is out of range for ${classCount} classes.`);

  const itemCount = itemIds.length;
  const itemStart = new Uint32Array(itemCount + 1);
  for (const i of rawItem) itemStart[i + 1]!++;
  for (let i = 0; i < itemCount; i++) itemStart[i + 1]! += itemStart[i]!;
  const cursor = itemStart.slice(0, itemCount);
  const worker = new Uint32Array(rawItem.length);
  const label = new Uint16Array(rawItem.length);
  for (let n = 0; n < rawItem.length; n++) {
    const pos = cursor[rawItem[n]!]!++;
    worker[pos] = rawWorker[n]!;
    label[pos] = rawLabel[n]!;
  }
  return { itemCount, workerCount: workerIds.length, classCount, itemIds, workerIds, itemStart, worker, label };
}

/**
 * The labels of items that at least two workers labeled. An item with one label says nothing about anyone's accuracy,
 * yet Dawid-Skene fits it by trusting its lone worker: a worker labeling at random where nobody else labels would score
 * as near perfect. Workers keep their indices (`workerCount` and `workerIds` unchanged), with no labels left when all
 * of theirs were lone.
 */
export function sharedItemsOnly<Item, Worker>(data: CrowdLabels<Item, Worker>): CrowdLabels<Item, Worker> {
  const kept: number[] = [];
  for (let i = 0; i < data.itemCount; i++) if (data.itemStart[i + 1]! - data.itemStart[i]! >= 2) kept.push(i);
  if (kept.length === data.itemCount) return data;
  const itemStart = new Uint32Array(kept.length + 1);
  kept.forEach((i, k) => (itemStart[k + 1] = itemStart[k]! + data.itemStart[i + 1]! - data.itemStart[i]!));
  const worker = new Uint32Array(itemStart[kept.length]!);
  const label = new Uint16Array(worker.length);
  kept.forEach((i, k) => {
    worker.set(data.worker.subarray(data.itemStart[i]!, data.itemStart[i + 1]!), itemStart[k]!);
    label.set(data.label.subarray(data.itemStart[i]!, data.itemStart[i + 1]!), itemStart[k]!);
  });
  return { ...data, itemCount: kept.length, itemIds: kept.map((i) => data.itemIds[i]!), itemStart, worker, label };
}

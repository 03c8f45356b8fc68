import { hexToBytes } from "viem";
import type { DatasetSource } from "./DatasetSource.ts";
import { dawidSkene, type DawidSkeneOptions, type DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import type { CrowdLabels } from "../aggregation/crowdLabels.ts";

/**
 * The crowd labels of a task in aggregator form: items are manifest indices, workers annotator
 * addresses (lowercased), classes 0..classCount (the last is "cannot label").
 */
export function datasetCrowdLabels(source: DatasetSource): CrowdLabels<number, string> {
  const { itemCount, batchSize, classCount } = source.task;
  const perItem: number[] = new Array(itemCount + 1).fill(0);
  const entries: { item: number; worker: number; label: number }[] = [];
  const workerIndex = new Map<string, number>();
  const workerIds: string[] = [];
  for (const batch of source.batches) {
    const start = batch.batchId * batchSize;
    for (const slot of batch.slots) {
      if (slot.labels === null) continue;
      const key = slot.annotator.toLowerCase();
      let w = workerIndex.get(key);
      if (w === undefined) w = workerIndex.set(key, workerIds.push(key) - 1).get(key)!;
      const bytes = hexToBytes(slot.labels);
      for (let o = 0; o < bytes.length && start + o < itemCount; o++) {
        entries.push({ item: start + o, worker: w, label: bytes[o]! });
        perItem[start + o + 1]!++;
      }
    }
  }
  const itemStart = new Uint32Array(itemCount + 1);
  for (let i = 0; i < itemCount; i++) itemStart[i + 1] = itemStart[i]! + perItem[i + 1]!;
  const cursor = itemStart.slice(0, itemCount);
  const worker = new Uint32Array(entries.length);
  const label = new Uint16Array(entries.length);
  for (const e of entries) {
    const pos = cursor[e.item]!++;
    worker[pos] = e.worker;
    label[pos] = e.label;
  }
  return {
    itemCount,
    workerCount: workerIds.length,
    classCount: classCount + 1,
    itemIds: Array.from({ length: itemCount }, (_, i) => i),
    workerIds,
    itemStart,
    worker,
    label,
  };
}

/** Dawid-Skene over every revealed label of the task (all rounds), for the export's non-binding DS columns. */
export function aggregateDataset(source: DatasetSource, options: DawidSkeneOptions = {}): DawidSkeneResult {
  return dawidSkene(datasetCrowdLabels(source), options);
}

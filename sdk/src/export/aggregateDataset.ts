import { hexToBytes } from "viem";
import type { DatasetSource } from "./DatasetSource.ts";
import { dawidSkene, type DawidSkeneOptions, type DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import type { CrowdLabels } from "../aggregation/crowdLabels.ts";

/** One revealed label vector of a task: its batch's first item, the annotator (lowercased), the labels cut to the task's items. */
export type RevealedVector = { start: number; annotator: string; labels: Uint8Array };

/** Every revealed label vector of a task, batch by batch, in slot order as listed; unrevealed slots are skipped. */
export function* revealedVectors(source: DatasetSource): Generator<RevealedVector> {
  const { itemCount, batchSize } = source.task;
  for (const batch of source.batches) {
    const start = batch.batchId * batchSize;
    for (const slot of batch.slots) {
      if (slot.labels === null) continue;
      yield { start, annotator: slot.annotator.toLowerCase(), labels: hexToBytes(slot.labels).subarray(0, Math.max(0, itemCount - start)) };
    }
  }
}

/** Whether any annotator revealed labels for the task (Dawid-Skene has something to fit). */
export function hasRevealedLabels(source: DatasetSource): boolean {
  return !revealedVectors(source).next().done;
}

/**
 * The crowd labels of a task in aggregator form: items are manifest indices, workers annotator
 * addresses (lowercased), classes 0..classCount (the last is "cannot label").
 */
export function datasetCrowdLabels(source: DatasetSource): CrowdLabels<number, string> {
  const { itemCount, classCount } = source.task;
  const workerIndex = new Map<string, number>();
  const workerIds: string[] = [];
  const vectors: { start: number; worker: number; bytes: Uint8Array }[] = [];
  const itemStart = new Uint32Array(itemCount + 1);
  for (const { start, annotator, labels: bytes } of revealedVectors(source)) {
    let w = workerIndex.get(annotator);
    if (w === undefined) {
      w = workerIds.push(annotator) - 1;
      workerIndex.set(annotator, w);
    }
    vectors.push({ start, worker: w, bytes });
    for (let o = 0; o < bytes.length; o++) itemStart[start + o + 1]!++;
  }
  for (let i = 0; i < itemCount; i++) itemStart[i + 1]! += itemStart[i]!;
  const cursor = itemStart.slice(0, itemCount);
  const worker = new Uint32Array(itemStart[itemCount]!);
  const label = new Uint16Array(itemStart[itemCount]!);
  for (const v of vectors) {
    for (let o = 0; o < v.bytes.length; o++) {
      const pos = cursor[v.start + o]!++;
      worker[pos] = v.worker;
      label[pos] = v.bytes[o]!;
    }
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

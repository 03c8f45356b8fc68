import { buildCrowdLabels, dawidSkene, sharedItemsOnly, type LabelTriple } from "@crowdlabel/sdk";
import { hexToBytes, type Hex } from "viem";

export type RevealedVector = { annotator: Hex; batchId: number; labels: Hex };

/** `labels`: those the estimate rests on (on items someone else labeled too); with none, no accuracy and a skill of 0. */
export type AnnotatorEstimate = { accuracy: number | null; skill: number; labels: number; confusion: number[][] | null };

/** Largest label alphabet whose per-annotator confusion matrix is stored (classCount + 1 values). */
export const MAX_STORED_CONFUSION = 33;

/**
 * Dawid-Skene (sdk `dawidSkene`, full model) over the revealed labels of a task's items that two or more annotators
 * labeled (sdk `sharedItemsOnly`): per annotator the estimated accuracy, the chance-corrected balanced accuracy (sdk
 * `workerSkill`), the labels they rest on, and the confusion matrix [true class][label].
 */
export function taskDawidSkene({ vectors, batchSize, classCount }: { vectors: readonly RevealedVector[]; batchSize: number; classCount: number }): Map<Hex, AnnotatorEstimate> {
  const triples: LabelTriple<number, string>[] = [];
  const sorted = [...vectors].sort((a, b) => a.batchId - b.batchId || (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0));
  for (const v of sorted) {
    const bytes = hexToBytes(v.labels);
    const start = v.batchId * batchSize;
    for (let i = 0; i < bytes.length; i++) triples.push({ item: start + i, worker: v.annotator, label: bytes[i]! });
  }
  const out = new Map<Hex, AnnotatorEstimate>();
  if (triples.length === 0) return out;
  const K = classCount + 1;
  const data = sharedItemsOnly(buildCrowdLabels(triples, { classCount: K }));
  const labelsPerWorker = new Array<number>(data.workerCount).fill(0);
  for (const w of data.worker) labelsPerWorker[w]!++;
  const result = data.label.length === 0 ? null : dawidSkene(data, { maxIterations: 50 });
  data.workerIds.forEach((id, w) => {
    if (!result || labelsPerWorker[w] === 0) return void out.set(id as Hex, { accuracy: null, skill: 0, labels: 0, confusion: null });
    const matrix = result.confusion[w]!;
    out.set(id as Hex, {
      accuracy: result.workerAccuracy[w]!,
      skill: result.workerSkill[w]!,
      labels: labelsPerWorker[w]!,
      confusion: K <= MAX_STORED_CONFUSION ? Array.from({ length: K }, (_, k) => Array.from(matrix.subarray(k * K, k * K + K), (p) => Math.round(p * 1e6) / 1e6)) : null,
    });
  });
  return out;
}

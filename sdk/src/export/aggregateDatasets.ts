import { buildCrowdLabels, type CrowdLabels, type LabelTriple } from "../aggregation/crowdLabels.ts";
import { dawidSkene, type DawidSkeneOptions, type DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import { CrowdlabelError } from "../errors.ts";
import type { DatasetSource } from "./DatasetSource.ts";
import { revealedVectors } from "./aggregateDataset.ts";

/** Tasks whose labels cannot share one worker model: different chains, or different label schemas. */
export class PoolMismatchError extends CrowdlabelError {
  override name = "PoolMismatchError";
}

export type PooledAggregation = {
  /** The pooled labels: items are CIDs (an image labeled in several tasks is one item), workers lowercased addresses. */
  data: CrowdLabels<string, string>;
  /** Dawid-Skene over `data`; worker indices refer to `data.workerIds`. */
  model: DawidSkeneResult;
  /** Per task id, the model's verdict on each of the task's items in manifest order, in the shape the exporters take. */
  byTask: Map<bigint, DawidSkeneResult>;
};

const schemaOf = (source: DatasetSource) => source.manifest.classes.map((c) => c.name);

function checkPoolable(sources: readonly DatasetSource[]) {
  if (sources.length === 0) throw new PoolMismatchError("No tasks to pool.", { details: "Pass at least one task." });
  const [first] = sources as [DatasetSource, ...DatasetSource[]];
  const seen = new Set<bigint>();
  for (const source of sources) {
    const { task } = source;
    if (seen.has(task.id)) throw new PoolMismatchError(`Task ${task.id} is listed twice.`, { details: "List each task once." });
    seen.add(task.id);
    if (task.chainId !== first.task.chainId || task.contract.toLowerCase() !== first.task.contract.toLowerCase())
      throw new PoolMismatchError(`Task ${task.id} is on another chain or contract than task ${first.task.id}.`, {
        details: "Only tasks of one Crowdlabel deployment share annotator identities.",
      });
    const schema = schemaOf(source);
    if (task.classCount !== first.task.classCount || schema.join("\u0000") !== schemaOf(first).join("\u0000"))
      throw new PoolMismatchError(`Task ${task.id} labels with other classes than task ${first.task.id}.`, {
        details: `Task ${first.task.id}: ${schemaOf(first).join(", ")}; task ${task.id}: ${schema.join(", ")}. Only tasks with the same classes, in the same order, can share a worker model.`,
      });
  }
}

/** One task's part of a pool: the pool-wide key of each manifest position, and the task's revealed label vectors. */
export type PoolPart = {
  /**
   * The key of each item of the task, in manifest order: positions with one key (in any task) are one item. As an
   * array, every position is an item, labeled or not; as a function of the position, only labeled positions are (so a
   * task's size never costs memory).
   */
  itemKeys: readonly string[] | ((position: number) => string);
  vectors: Iterable<{ start: number; annotator: string; labels: ArrayLike<number> }>;
};

/**
 * Every revealed label of several tasks in aggregator form: an annotator is one worker across the tasks and an item
 * key one item, however many tasks or positions list it. `classCount` counts "cannot label". When every part lists
 * its keys as an array, the items are those keys in order; otherwise they are the labeled positions, in order of appearance.
 */
export function poolCrowdLabels(parts: readonly PoolPart[], classCount: number): CrowdLabels<string, string> {
  const triples: LabelTriple<string, string>[] = [];
  const items: string[] = [];
  for (const { itemKeys, vectors } of parts) {
    if (typeof itemKeys === "function") {
      for (const { start, annotator, labels } of vectors) for (let o = 0; o < labels.length; o++) triples.push({ item: itemKeys(start + o), worker: annotator, label: labels[o]! });
      continue;
    }
    for (const key of itemKeys) items.push(key);
    for (const { start, annotator, labels } of vectors)
      for (let o = 0; o < labels.length && start + o < itemKeys.length; o++) triples.push({ item: itemKeys[start + o]!, worker: annotator, label: labels[o]! });
  }
  const listed = parts.every((p) => typeof p.itemKeys !== "function");
  return buildCrowdLabels(triples, listed ? { classCount, items } : { classCount });
}

/**
 * Every revealed label of several tasks with the same classes, pooled (`poolCrowdLabels`) with image CIDs as item
 * keys, so an image listed by several tasks is one item; workers are lowercased addresses.
 */
export function pooledCrowdLabels(sources: readonly DatasetSource[]): CrowdLabels<string, string> {
  checkPoolable(sources);
  const parts = sources.map((source) => ({ itemKeys: source.manifest.items.map((item) => item.cid), vectors: revealedVectors(source) }));
  return poolCrowdLabels(parts, sources[0]!.task.classCount + 1);
}

/**
 * Dawid-Skene fitted once over the labels of several tasks (`pooledCrowdLabels`), so an annotator's confusion
 * matrix rests on everything they labeled in those tasks, not on the few items of one task. Use it when a dataset
 * was split into many small tasks (one per HIT, per day, per shard): the per-task model of a 20-item task sees
 * each annotator a handful of times. `byTask` feeds each task's export (`exportDataset(source, { aggregation })`).
 */
export function aggregateDatasets(sources: readonly DatasetSource[], options: DawidSkeneOptions = {}): PooledAggregation {
  const data = pooledCrowdLabels(sources);
  const model = dawidSkene(data, options);
  const K = data.classCount;
  const itemIndex = new Map(data.itemIds.map((cid, i) => [cid, i]));
  const byTask = new Map<bigint, DawidSkeneResult>();
  for (const { manifest, task } of sources) {
    const n = manifest.items.length;
    const labels: (number | null)[] = new Array(n);
    const confidence: number[] = new Array(n);
    const posteriors = new Float64Array(n * K);
    manifest.items.forEach((item, i) => {
      const p = itemIndex.get(item.cid)!;
      labels[i] = model.labels[p]!;
      confidence[i] = model.confidence[p]!;
      posteriors.set(model.posteriors.subarray(p * K, p * K + K), i * K);
    });
    byTask.set(task.id, { ...model, labels, confidence, posteriors });
  }
  return { data, model, byTask };
}

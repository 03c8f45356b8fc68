import { dawidSkene, poolCrowdLabels, sharedItemsOnly, type PoolPart } from "@crowdlabel/sdk";
import { hexToBytes, type Hex } from "viem";
import type { RevealedVector } from "./taskDawidSkene.ts";

export type PoolEstimate = { skill: number; labels: number; tasks: number };

/**
 * The `dsPool` a task's labels feed: every task of one owner with one number of classes (typically one project split
 * into many tasks: per shard, per day, per HIT). Chain data only, so a re-index always pools the same tasks whether
 * or not IPFS answers, and nobody but the owner can add labels to the pool.
 */
export function dsPoolKey(owner: Hex, classCount: number): string {
  return `${owner.toLowerCase()}:${classCount}`;
}

export type PoolTask = { id: bigint; batchSize: number; vectors: readonly RevealedVector[] };

/**
 * Dawid-Skene (sdk `dawidSkene`, full model) over the revealed labels of a pool's tasks, fitted once, on the items two
 * or more annotators labeled (sdk `sharedItemsOnly`; one with no such labels gets a skill of 0 on 0 labels): an annotator
 * is one worker across the tasks (sdk `poolCrowdLabels`), so an annotator who labeled a few items in each of many
 * small tasks is judged on all of them. Per annotator: the chance-corrected balanced accuracy (sdk `workerSkill`),
 * the labels it rests on and the tasks they came from.
 *
 * An item is a position in one task, not an image CID (as owner-chosen export pools have it): labels of one image
 * in two tasks stay two pieces of evidence about two items.
 */
export function poolDawidSkene({ tasks, classCount }: { tasks: readonly PoolTask[]; classCount: number }): Map<Hex, PoolEstimate> {
  const parts: PoolPart[] = [...tasks]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((t) => ({
      // Keyed by a function, so only labeled positions become items: a task's item count (up to 2^32) costs nothing.
      itemKeys: (position: number) => `${t.id}#${position}`,
      vectors: [...t.vectors]
        .sort((a, b) => a.batchId - b.batchId || (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0))
        .map((v) => ({ start: v.batchId * t.batchSize, annotator: v.annotator, labels: hexToBytes(v.labels) })),
    }));
  const data = sharedItemsOnly(poolCrowdLabels(parts, classCount + 1));
  const out = new Map<Hex, PoolEstimate>();
  const result = data.label.length === 0 ? null : dawidSkene(data, { maxIterations: 50 });
  const labels = new Array<number>(data.workerCount).fill(0);
  for (const w of data.worker) labels[w]!++;
  const tasksOf = new Map<string, Set<bigint>>();
  for (const t of tasks) for (const v of t.vectors) (tasksOf.get(v.annotator) ?? tasksOf.set(v.annotator, new Set()).get(v.annotator)!).add(t.id);
  data.workerIds.forEach((id, w) => out.set(id as Hex, { skill: result && labels[w]! > 0 ? result.workerSkill[w]! : 0, labels: labels[w]!, tasks: tasksOf.get(id)?.size ?? 0 }));
  return out;
}

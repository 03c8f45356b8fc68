import { describe, expect, test } from "vitest";
import { spearman } from "@crowdlabel/sdk";
import { bytesToHex, type Hex } from "viem";
import { shouldRunPoolDawidSkene } from "../../src/reputation/dawidSkeneSchedule.ts";
import { dsPoolKey, poolDawidSkene, type PoolTask } from "../../src/reputation/poolDawidSkene.ts";
import { taskDawidSkene } from "../../src/reputation/taskDawidSkene.ts";
import { rteHits } from "../../../sdk/test/rteHits.ts";

/**
 * RTE as it was collected (real labels): one task per HIT, one batch per task, the HIT's first three workers in id
 * order one slot each. A worker keeps one address across tasks.
 */
function rteHitTasks() {
  const { hits, labelOf, truth } = rteHits();
  const address = (worker: string) => `0x${Buffer.from(worker).toString("hex").padStart(40, "0").slice(-40)}` as Hex;
  const correct = new Map<Hex, { right: number; total: number }>();
  const tasks: PoolTask[] = hits.map(({ workers, items }, h) => {
    const vectors = workers.slice(0, 3).map((worker) => {
      const labels = items.map((item) => labelOf(item, worker));
      const tally = correct.get(address(worker)) ?? { right: 0, total: 0 };
      labels.forEach((label, i) => ((tally.total += 1), (tally.right += label === truth.get(items[i]!) ? 1 : 0)));
      correct.set(address(worker), tally);
      return { annotator: address(worker), batchId: 0, labels: bytesToHex(Uint8Array.from(labels)) };
    });
    return { id: BigInt(h + 1), batchSize: items.length, vectors };
  });
  return { tasks, trueAccuracy: new Map([...correct].map(([a, t]) => [a, t.right / t.total])) };
}

describe("pool Dawid-Skene", () => {
  test("on RTE split into its HITs, the pooled skill ranks annotators by true accuracy better than per-task fits", () => {
    const { tasks, trueAccuracy } = rteHitTasks();
    expect(tasks).toHaveLength(40);
    const pooled = poolDawidSkene({ tasks, classCount: 2 });
    // The label-weighted mean of per-task skills: how the score's skill component was computed before pooling.
    const perTask = new Map<Hex, { weighted: number; labels: number }>();
    for (const t of tasks)
      for (const [a, e] of taskDawidSkene({ vectors: t.vectors, batchSize: t.batchSize, classCount: 2 })) {
        const sum = perTask.get(a) ?? { weighted: 0, labels: 0 };
        perTask.set(a, { weighted: sum.weighted + e.skill * e.labels, labels: sum.labels + e.labels });
      }
    const annotators = [...trueAccuracy.keys()];
    const truth = annotators.map((a) => trueAccuracy.get(a)!);
    const pooledRho = spearman(annotators.map((a) => pooled.get(a)!.skill), truth);
    const perTaskRho = spearman(annotators.map((a) => perTask.get(a)!.weighted / perTask.get(a)!.labels), truth);
    expect(annotators).toHaveLength(pooled.size);
    expect([Math.round(perTaskRho * 1000) / 1000, Math.round(pooledRho * 1000) / 1000]).toEqual([PER_TASK_RHO, POOLED_RHO]);
    // Each annotator's labels and tasks are all of theirs.
    const first = tasks[0]!.vectors[0]!.annotator;
    const theirs = tasks.filter((t) => t.vectors.some((v) => v.annotator === first));
    expect(pooled.get(first)).toMatchObject({ tasks: theirs.length, labels: theirs.reduce((n, t) => n + t.batchSize, 0) });
  });

  test("one owner's tasks with one number of classes share a pool; an annotator's labels and tasks add up across it", () => {
    expect(dsPoolKey("0xAbC0000000000000000000000000000000000001", 2)).toBe("0xabc0000000000000000000000000000000000001:2");
    expect(dsPoolKey("0xabc0000000000000000000000000000000000001", 3)).not.toBe(dsPoolKey("0xabc0000000000000000000000000000000000001", 2));
    const v = (annotator: Hex, labels: number[]) => ({ annotator, batchId: 0, labels: bytesToHex(Uint8Array.from(labels)) });
    // 0xa3 votes against 0xa1 and 0xa2 on every item of task 1 and with 0xa1 on task 2: one model over both rates it lower.
    const a = { id: 1n, batchSize: 4, vectors: [v("0xa1", [0, 1, 0, 1]), v("0xa2", [0, 1, 0, 1]), v("0xa3", [1, 0, 1, 0])] };
    const b = { id: 2n, batchSize: 4, vectors: [v("0xa1", [1, 1, 0, 0]), v("0xa3", [1, 1, 0, 0])] };
    const pooled = poolDawidSkene({ tasks: [a, b], classCount: 2 });
    expect(pooled.get("0xa1")).toMatchObject({ labels: 8, tasks: 2 });
    expect(pooled.get("0xa2")).toMatchObject({ labels: 4, tasks: 1 });
    expect(pooled.get("0xa3")).toMatchObject({ labels: 8, tasks: 2 });
    expect(pooled.get("0xa3")!.skill).toBeLessThan(pooled.get("0xa1")!.skill);
  });

  test("labels nobody else gave to the same item earn no skill, and do not drag down the annotators who share items", () => {
    const v = (annotator: Hex, batchId: number, labels: number[]) => ({ annotator, batchId, labels: bytesToHex(Uint8Array.from(labels)) });
    const truth = [0, 1, 0, 1, 1, 0, 0, 1];
    const wrongAt = (k: number) => truth.map((t, i) => (i === k ? 1 - t : t));
    const shared = { id: 1n, batchSize: 8, vectors: [v("0xa1", 0, truth), v("0xa2", 0, wrongAt(2)), v("0xa3", 0, wrongAt(5))] };
    const alone = { id: 2n, batchSize: 8, vectors: Array.from({ length: 10 }, (_, b) => v("0xc0", b, truth.map((_, i) => (i * 7 + b) % 3))) };
    const pooled = poolDawidSkene({ tasks: [shared, alone], classCount: 2 });
    expect(pooled.get("0xc0")).toEqual({ skill: 0, labels: 0, tasks: 1 });
    const withoutLone = poolDawidSkene({ tasks: [shared], classCount: 2 });
    for (const a of ["0xa1", "0xa2", "0xa3"] as const) expect(pooled.get(a)).toEqual(withoutLone.get(a));
    expect(pooled.get("0xa1")!.skill).toBeGreaterThan(0.9);
  });

  test("schedule: every finalisation at first, then every quarter, or every sixteenth when a task ends", () => {
    const runs = (taskComplete: boolean) => {
      const out: number[] = [];
      let last = 0;
      for (let f = 1; f <= 200; f++)
        if (shouldRunPoolDawidSkene({ finalisations: f, lastRun: last, taskComplete })) {
          out.push(f);
          last = f;
        }
      return out;
    };
    expect(runs(false)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33, 41, 51, 63, 78, 97, 121, 151, 188]);
    expect(runs(true).slice(0, 20)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(runs(true).slice(-3)).toEqual([173, 183, 194]);
    expect(shouldRunPoolDawidSkene({ finalisations: 0, lastRun: 0, taskComplete: true })).toBe(false);
    expect(shouldRunPoolDawidSkene({ finalisations: 1000, lastRun: 1000, taskComplete: true })).toBe(false);
  });
});

// Measured on sdk/test/data/rte (164 annotators): the per-task fits see each annotator on about 20 items at a time.
const PER_TASK_RHO = 0.616;
const POOLED_RHO = 0.745;

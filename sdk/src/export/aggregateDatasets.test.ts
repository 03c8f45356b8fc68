import { describe, expect, it } from "vitest";
import type { Address } from "viem";
import { packLabels } from "../commitment/packLabels.ts";
import { rteHits } from "../../test/rteHits.ts";
import { syntheticSource } from "../../test/syntheticSource.ts";
import type { DatasetSource } from "./DatasetSource.ts";
import { aggregateDataset } from "./aggregateDataset.ts";
import { aggregateDatasets, poolCrowdLabels, PoolMismatchError } from "./aggregateDatasets.ts";

/**
 * RTE as it was collected: one task per HIT (the items one exact set of 10 workers labeled), one batch per task,
 * the HIT's first `redundancy` workers (in sorted id order) one slot each. A worker keeps one address across HITs.
 */
function rteHitSources(redundancy: number): { sources: DatasetSource[]; truth: Map<string, number> } {
  const { hits, labelOf, truth } = rteHits();
  const addresses = new Map<string, Address>();
  const addressOf = (worker: string) => {
    if (!addresses.has(worker)) addresses.set(worker, `0x${(addresses.size + 1).toString(16).padStart(40, "0")}`);
    return addresses.get(worker)!;
  };
  const template = baseSource;
  const sources = hits.map(({ workers: all, items }, h): DatasetSource => {
    const workers = all.slice(0, redundancy);
    return {
      ...template,
      manifest: {
        ...template.manifest,
        classes: [0, 1].map((id) => ({ id, name: id === 1 ? "entails" : "does not entail", hotkey: String(id + 1), colour: "#112233" })),
        items: items.map((item) => ({ cid: `rte/${item}`, mediaType: "image/png", width: 1, height: 1 })),
        batchSize: items.length,
      },
      task: { ...template.task, id: BigInt(h + 1), itemCount: items.length, batchSize: items.length, classCount: 2, redundancy, maxRedundancy: redundancy, minAgreement: Math.floor(redundancy / 2) + 1 },
      batches: [
        {
          batchId: 0,
          rounds: 1,
          slots: workers.map((worker, slot) => ({
            annotator: addressOf(worker),
            slot,
            round: 0,
            labels: packLabels(items.map((item) => labelOf(item, worker))),
            revealTx: null,
          })),
          consensus: "0x",
          resolvedMask: 0n,
          finalisations: [],
        },
      ],
    };
  });
  return { sources, truth: new Map([...truth].map(([item, value]) => [`rte/${item}`, value])) };
}

const { source: baseSource } = await syntheticSource({ itemCount: 60, batchSize: 20, seed: 4 });

describe("aggregateDatasets", () => {
  it("fits one annotator model over a dataset split into one task per HIT (RTE): a task of 20 items sees each worker 20 times", () => {
    const result = (redundancy: number) => {
      const { sources, truth } = rteHitSources(redundancy);
      const correct = (source: DatasetSource, labels: (number | null)[]) =>
        source.manifest.items.filter((item, i) => labels[i] === truth.get(item.cid)).length;
      const pooled = aggregateDatasets(sources);
      return {
        tasks: sources.length,
        items: pooled.data.itemCount,
        workers: pooled.data.workerCount,
        pooled: sources.reduce((n, s) => n + correct(s, pooled.byTask.get(s.task.id)!.labels), 0) / 800,
        perTask: sources.reduce((n, s) => n + correct(s, aggregateDataset(s).labels), 0) / 800,
      };
    };
    // README of the RTE data: Dawid-Skene over the whole dataset 0.928; with 3 labels per item 0.836.
    expect(result(10)).toEqual({ tasks: 40, items: 800, workers: 164, pooled: 0.9275, perTask: 0.925 });
    // With 5 of each HIT's workers , a per-task model is noticeably worse.
    expect(result(5)).toEqual({ tasks: 40, items: 800, workers: 65, pooled: 0.91, perTask: 0.875 });
    expect(result(3)).toEqual({ tasks: 40, items: 800, workers: 23, pooled: 0.7925, perTask: 0.6525 });
  });

  it("treats an image listed by several tasks as one item and hands each task its verdict in manifest order", () => {
    const a = baseSource;
    const reversed = [...a.manifest.items].reverse();
    const b: DatasetSource = { ...a, task: { ...a.task, id: 2n }, manifest: { ...a.manifest, items: reversed } };
    const pooled = aggregateDatasets([a, b]);
    expect(pooled.data.itemCount).toBe(60);
    const ka = pooled.byTask.get(1n)!;
    const kb = pooled.byTask.get(2n)!;
    expect(kb.labels).toEqual([...ka.labels].reverse());
    const K = a.task.classCount + 1;
    expect(kb.posteriors.slice(0, K)).toEqual(ka.posteriors.slice(59 * K, 60 * K));
    // Each image now carries the votes of both tasks (b's votes sit on other images, so they are other evidence).
    expect(pooled.data.label.length).toBe(2 * [...a.batches].reduce((n, batch) => n + batch.slots.filter((s) => s.labels).length * 20, 0));
  });

  it("refuses tasks that do not share classes, deployment, or are listed twice", () => {
    const other: DatasetSource = {
      ...baseSource,
      task: { ...baseSource.task, id: 9n },
      manifest: { ...baseSource.manifest, classes: baseSource.manifest.classes.map((c, i) => (i === 0 ? { ...c, name: "hamster" } : c)) },
    };
    expect(() => aggregateDatasets([baseSource, other])).toThrow(PoolMismatchError);
    expect(() => aggregateDatasets([baseSource, other])).toThrow("Task 9 labels with other classes than task 1");
    expect(() => aggregateDatasets([baseSource, other])).toThrow("Task 1: cat, dog, bird; task 9: hamster, dog, bird");
    expect(() => aggregateDatasets([baseSource, baseSource])).toThrow("Task 1 is listed twice.");
    const elsewhere: DatasetSource = { ...baseSource, task: { ...baseSource.task, id: 3n, chainId: 8453 } };
    expect(() => aggregateDatasets([baseSource, elsewhere])).toThrow("Task 3 is on another chain or contract than task 1.");
    expect(() => aggregateDatasets([])).toThrow("No tasks to pool.");
  });

  it("pools labels by item key: positions of several parts with one key are one item; labels past a part's items are dropped", () => {
    const data = poolCrowdLabels(
      [
        { itemKeys: ["a", "b", "c"], vectors: [{ start: 0, annotator: "0x1", labels: [0, 1, 2] }, { start: 2, annotator: "0x2", labels: [1, 1] }] },
        { itemKeys: ["c", "d"], vectors: [{ start: 0, annotator: "0x1", labels: [2, 0] }] },
      ],
      3,
    );
    expect(data.itemIds).toEqual(["a", "b", "c", "d"]);
    expect(data.workerIds).toEqual(["0x1", "0x2"]);
    // Item c: worker 0x1 twice (once per part) and 0x2 once; 0x2's second label fell past the first part's end.
    const c = data.itemIds.indexOf("c");
    const onC = [...data.worker.subarray(data.itemStart[c]!, data.itemStart[c + 1]!)].map((w, i) => [data.workerIds[w], data.label[data.itemStart[c]! + i]]);
    expect(onC).toEqual([["0x1", 2], ["0x2", 1], ["0x1", 2]]);
    expect(data.label.length).toBe(6);
  });

  it("with keys given by a function, only labeled positions become items, however large the task", () => {
    const data = poolCrowdLabels(
      [
        { itemKeys: (p) => `t1#${p}`, vectors: [{ start: 4_000_000_000, annotator: "0x1", labels: [1, 0] }] },
        { itemKeys: (p) => `t2#${p}`, vectors: [{ start: 0, annotator: "0x1", labels: [2] }, { start: 0, annotator: "0x2", labels: [2] }] },
      ],
      3,
    );
    expect(data.itemIds).toEqual(["t1#4000000000", "t1#4000000001", "t2#0"]);
    expect(data.label.length).toBe(4);
  });
});


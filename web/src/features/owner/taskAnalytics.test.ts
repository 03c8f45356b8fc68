import { describe, expect, it } from "vitest";
import { aggregateDataset, datasetCrowdLabels, packLabels, type DatasetSource } from "@crowdlabel/sdk";
import { browserTaskStats, goldCheck, taskConfusion, workerQuality } from "./taskAnalytics.ts";

const annotators = ["0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002", "0x0000000000000000000000000000000000000003"] as const;

/** One batch of `labels[0].length` items, two named classes (label 2 is "cannot label"), one slot per annotator. */
function sourceOf(labels: number[][]): DatasetSource {
  const itemCount = labels[0]!.length;
  return {
    manifest: {
      version: 1,
      title: "t",
      description: "",
      instructions: "",
      classes: ["zero", "one"].map((name, id) => ({ id, name, hotkey: String(id), colour: "#112233" })),
      examples: [],
      items: Array.from({ length: itemCount }, (_, i) => ({ cid: `bafk${i}`, mediaType: "image/png" as const, width: 8, height: 8 })),
      batchSize: itemCount,
    },
    manifestCid: "bafkmanifest",
    task: { id: 1n, chainId: 31337, contract: annotators[0], token: annotators[0], owner: annotators[0], itemCount, batchSize: itemCount, classCount: 2, redundancy: 3, maxRedundancy: 3, minAgreement: 2 },
    batches: [
      {
        batchId: 0,
        rounds: 1,
        slots: labels.map((vector, slot) => ({ annotator: annotators[slot]!, slot, round: 0, labels: packLabels(vector), revealTx: null })),
        consensus: "0x",
        resolvedMask: 0n,
        finalisations: [],
      },
    ],
  };
}

describe("taskConfusion", () => {
  it("gives no row to a class no image is estimated to be, and each row is a distribution over every label", () => {
    const source = sourceOf([
      [0, 0, 1, 1, 0, 1],
      [0, 0, 1, 1, 0, 1],
      [1, 0, 1, 0, 2, 1],
    ]);
    const { trueClasses, matrix } = taskConfusion(source, aggregateDataset(source));
    expect(trueClasses).toEqual([0, 1]);
    expect(matrix).toHaveLength(2);
    for (const row of matrix) {
      expect(row).toHaveLength(3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
    // Two of three annotators agree with the estimated truth on every item: the diagonal holds at least their share.
    expect(matrix[0]![0]).toBeGreaterThan(0.66);
    expect(matrix[1]![1]).toBeGreaterThan(0.66);
  });

  it("keeps the \"cannot label\" row when images are estimated to be that", () => {
    const source = sourceOf([
      [0, 2, 1, 2],
      [0, 2, 1, 2],
      [0, 2, 1, 1],
    ]);
    const { trueClasses, matrix } = taskConfusion(source, aggregateDataset(source));
    expect(trueClasses).toEqual([0, 1, 2]);
    expect(matrix[2]![2]).toBeGreaterThan(0.8);
  });
});

describe("goldCheck", () => {
  // Item 4 has no consensus (the contract's mask says which items resolved); annotator 3 is wrong on items 0 and 1.
  const source = {
    ...sourceOf([
      [0, 1, 1, 0, 0, 1],
      [0, 1, 1, 0, 1, 1],
      [1, 0, 1, 0, 2, 1],
    ]),
  };
  source.batches[0] = { ...source.batches[0]!, consensus: packLabels([0, 1, 1, 0, 0, 1]), resolvedMask: 0b101111n };

  it("counts the consensus right on resolved gold images, Dawid-Skene on labelled ones, and each annotator", () => {
    const check = goldCheck(source, aggregateDataset(source), { items: [0, 1, 4], labels: [0, 0, 1] });
    expect(check.labelled).toBe(3);
    expect(check.resolved).toBe(2);
    expect(check.consensusCorrect).toBe(1); // item 0 right, item 1 answered "one" by the crowd against gold "zero"
    expect(check.annotators).toEqual([
      { address: annotators[1], labels: 3, correct: 2 },
      { address: annotators[0], labels: 3, correct: 1 },
      { address: annotators[2], labels: 3, correct: 1 },
    ]);
  });

  it("ignores gold images nobody labelled yet", () => {
    const check = goldCheck(sourceOf([[0, 1]]), undefined, { items: [1, 5], labels: [1, 0] });
    expect(check).toMatchObject({ labelled: 1, resolved: 0, consensusCorrect: 0, dsCorrect: null }); // no Dawid-Skene given
  });
});

describe("browserTaskStats", () => {
  const votes = [
    [0, 1, 1, 0, 0, 1],
    [0, 1, 0, 0, 1, 1],
    [0, 0, 1, 2, 2, 1],
  ];
  const finalised = (resolved: number[]): DatasetSource => {
    const source = sourceOf(votes);
    const consensus = packLabels(votes[0]!.map((_, i) => (resolved.includes(i) ? votes[0]![i]! : 0)));
    const resolvedMask = resolved.reduce((m, i) => m | (1n << BigInt(i)), 0n);
    source.batches[0] = { ...source.batches[0]!, consensus, resolvedMask, finalisations: [{ round: 0, newlyResolvedMask: resolvedMask, tx: `0x${"ab".repeat(32)}`, block: 7n }] };
    return source;
  };

  it("gives the indexer's shapes: consensus classes, agreement of resolved images by tenths, finalised images without consensus", () => {
    // Items 0..3 and 5 resolved (item 1 by 2 of 3 for "one"); item 4 has one vote per class.
    const stats = browserTaskStats(finalised([0, 1, 2, 3, 5]));
    expect(stats.classDistribution).toEqual([
      { classId: 0, name: "zero", count: 2 },
      { classId: 1, name: "one", count: 3 },
      { classId: 2, name: "cannot_label", count: 0 },
    ]);
    expect(stats.agreementHistogram.filter((b) => b.count > 0)).toEqual([
      { bucket: 0.6, count: 3 },
      { bucket: 0.9, count: 2 },
    ]);
    expect(stats.agreementHistogram.map((b) => b.bucket)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(stats.unresolvedItems).toEqual([{ item: 4, votes: [1, 1, 1] }]);
  });

  it("lists no unresolved image before its batch is finalised: revealed votes alone are not a verdict", () => {
    const stats = browserTaskStats(sourceOf(votes));
    expect(stats.unresolvedItems).toEqual([]);
    expect(stats.classDistribution.every((c) => c.count === 0)).toBe(true);
  });
});

describe("workerQuality", () => {
  const lone = "0x0000000000000000000000000000000000000004";
  const shared = [
    [0, 0, 1, 1, 0, 1],
    [0, 0, 1, 1, 0, 1],
    [1, 0, 1, 0, 0, 1],
  ];

  it("rates Dawid-Skene accuracy on shared images only: a lone labeler gets none, the others what the shared images give", () => {
    const alone = sourceOf(shared);
    const withLone = sourceOf(shared);
    // a second batch of 6 images that only `lone` labeled, at random
    withLone.manifest.items.push(...alone.manifest.items.map((item, i) => ({ ...item, cid: `bafklone${i}` })));
    withLone.task = { ...withLone.task, itemCount: 12 };
    withLone.batches.push({ batchId: 1, rounds: 1, slots: [{ annotator: lone, slot: 0, round: 0, labels: packLabels([1, 0, 0, 1, 1, 0]), revealTx: null }], consensus: "0x", resolvedMask: 0n, finalisations: [] });

    const quality = workerQuality(withLone, aggregateDataset(withLone));
    const reference = workerQuality(alone, aggregateDataset(alone));
    expect(quality.find((q) => q.address === lone)).toEqual({ address: lone, labels: 6, dsAccuracy: null, agreement: null });
    for (const r of reference) expect(quality.find((q) => q.address === r.address)!.dsAccuracy).toBeCloseTo(r.dsAccuracy!, 9);
    // the export's fit over every label rates the lone labeler near-perfect: what the table no longer shows
    const exportFit = aggregateDataset(withLone);
    expect(exportFit.workerAccuracy[datasetCrowdLabels(withLone).workerIds.indexOf(lone)]).toBeGreaterThan(0.9);
  });

  it("reuses the export's fit when every image is shared", () => {
    const source = sourceOf(shared);
    const ds = aggregateDataset(source);
    const ids = datasetCrowdLabels(source).workerIds;
    for (const q of workerQuality(source, ds)) expect(q.dsAccuracy).toBe(ds.workerAccuracy[ids.indexOf(q.address)]);
  });
});

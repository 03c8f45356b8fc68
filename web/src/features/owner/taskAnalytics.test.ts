import { describe, expect, it } from "vitest";
import { aggregateDataset, packLabels, type DatasetSource } from "@crowdlabel/sdk";
import { taskConfusion } from "./taskAnalytics.ts";

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

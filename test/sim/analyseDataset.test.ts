import { describe, expect, it } from "vitest";
import { workerAccuracy, workerReputation } from "./analyseDataset.ts";
import type { Claimer } from "./Claimer.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import { simAccount } from "./simAccounts.ts";

/** Six items, five of class 0 and one of class 1: "lazy" always answers 0, "careful" gets both classes mostly right. */
const dataset: CrowdDataset = {
  name: "tiny",
  source: "test",
  items: ["a", "b", "c", "d", "e", "f"],
  workers: ["lazy", "careful", "noisy"],
  labels: new Map(
    (
      [
        ["a", [0, 0, 1]],
        ["b", [0, 0, 0]],
        ["c", [0, 0, 1]],
        ["d", [0, 1, 0]],
        ["e", [0, 0, 1]],
        ["f", [0, 1, 1]],
      ] as const
    ).map(([item, labels]) => [item, labels.map((label, w) => ({ worker: ["lazy", "careful", "noisy"][w]!, label }))]),
  ),
  truth: new Map([..."abcde"].map((item) => [item, 0] as [string, number]).concat([["f", 1]])),
  classCount: 2,
};

describe("true worker accuracy", () => {
  it("counts plain accuracy and, per true class, what balanced accuracy averages", () => {
    const acc = workerAccuracy(dataset);
    expect(acc.get("lazy")).toMatchObject({ correct: 5, total: 6 });
    expect(Object.fromEntries(acc.get("lazy")!.byClass)).toEqual({ 0: { correct: 5, total: 5 }, 1: { correct: 0, total: 1 } });
  });

  it("reports the score's Spearman against both: the lazy worker leads on plain accuracy, the careful one on balanced", () => {
    const claimers = dataset.workers.map((id): Claimer => ({ id, role: "worker", account: simAccount("tiny", id), labelsFor: () => [], reveals: true, slotsPerRequest: 1 }) as Claimer);
    // A score that ranks careful > noisy > lazy, the way a chance-corrected skill would.
    const scores = new Map([
      [claimers[0]!.account.address, 100],
      [claimers[1]!.account.address, 900],
      [claimers[2]!.account.address, 500],
    ]);
    const result = workerReputation({
      dataset,
      claimers,
      reputation: { label: "test", fromIndexer: false, score: (a) => scores.get(a) },
      revealed: new Map(claimers.map((c) => [c.account.address.toLowerCase(), 6])),
      minLabels: 1,
    });
    const lazy = result.points.find((p) => p.worker === "lazy")!;
    expect([lazy.trueAccuracy, lazy.trueBalancedAccuracy]).toEqual([5 / 6, 0.5]);
    const careful = result.points.find((p) => p.worker === "careful")!;
    expect([careful.trueAccuracy, careful.trueBalancedAccuracy]).toEqual([5 / 6, (4 / 5 + 1) / 2]);
    // Plain accuracy: lazy 5/6 = careful 5/6 > noisy 3/6; balanced: careful 0.9 > noisy (2/5 + 1) / 2 = 0.7 > lazy 0.5.
    expect(result.spearman).toBeCloseTo(0, 12);
    expect(result.spearmanBalanced).toBe(1);
  });
});

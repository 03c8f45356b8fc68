import { describe, expect, it } from "vitest";
import { loadDataset } from "./findDatasets.ts";
import { summarise } from "./replicates.ts";
import { seededRandom } from "@crowdlabel/sdk";
import { claimRoundGroups } from "./assignmentExpectation.ts";
import { dsExpectation } from "./dsExpectation.ts";
import { stat } from "./stats.ts";
import { workerGroups } from "./crowdDataset.ts";
import { batchSweepRows, fixedCounterpart, hitRows, scenariosFor } from "./scenarios.ts";

describe("replicate statistics", () => {
  it("gives the mean and the sample standard deviation", () => {
    expect(stat([0.7, 0.75, 0.8])).toEqual({ mean: 0.75, sd: expect.closeTo(0.05, 12), n: 3 });
    expect(stat([5])).toEqual({ mean: 5, sd: 0, n: 1 });
  });

  it("summarises every compared figure", () => {
    const one = { consensusAccuracy: 0.7, dsAccuracy: 0.72, labelsPaid: 300, labelsUsed: 400, labelsCollected: 480, gas: 1 };
    const two = { consensusAccuracy: 0.8, dsAccuracy: 0.82, labelsPaid: 320, labelsUsed: 420, labelsCollected: 500, gas: 3 };
    const s = summarise([one, two]);
    expect(s.labelsPaid.mean).toBe(310);
    expect(s.gas.sd).toBeCloseTo(Math.SQRT2, 12);
  });
});

describe("scenario planning", () => {
  it("pairs the adaptive row with the fixed row at its R_max", async () => {
    const rows = scenariosFor(await loadDataset("bluebirds"), { seed: 1, adversaries: false });
    const adaptive = rows.find((r) => r.kind === "adaptive")!;
    expect(adaptive.redundancyLabel).toBe("3..5");
    expect(fixedCounterpart(rows, adaptive)?.key).toBe("bluebirds R=5");
  });

  it("plans the gas sweep at the requested batch sizes over the whole dataset", async () => {
    const dataset = await loadDataset("rte");
    const rows = batchSweepRows(dataset, { redundancy: 3, batchSizes: [32, 256], seed: 1 });
    expect(rows.map((r) => [r.plans[0]!.batchSize, r.plans[0]!.redundancy, r.plans[0]!.items.length])).toEqual([
      [32, 3, 800],
      [256, 3, 800],
    ]);
  });
});

describe("HIT replay of sparse data", () => {
  it("splits rte into its 40 HITs of 20 items, each labeled by the same 10 workers", async () => {
    const dataset = await loadDataset("rte");
    const groups = workerGroups(dataset);
    expect(groups).toHaveLength(40);
    expect(new Set(groups.map((g) => g.items.length))).toEqual(new Set([20]));
    for (const g of groups) for (const item of g.items) expect(new Set(dataset.labels.get(item)!.map((l) => l.worker))).toEqual(new Set(g.workers));
    expect(groups.flatMap((g) => g.items).sort()).toEqual([...dataset.items].sort());
  });

  it("plans one single-batch task per HIT with the HIT's first R workers as its only annotators", async () => {
    const dataset = await loadDataset("rte");
    const rows = hitRows(dataset, { redundancies: [3, 10], seed: 1 });
    expect(rows.map((r) => [r.key, r.kind, r.identities, r.plans.length])).toEqual([
      ["rte R=3 HITs", "hits", "workers", 40],
      ["rte R=10 (all) HITs", "hits", "workers", 40],
    ]);
    const plan = rows[0]!.plans[0]!;
    expect([plan.batchSize, plan.redundancy, plan.claimers.length, plan.items.length]).toEqual([20, 3, 3, 20]);
    expect(plan.claimers.map((c) => c.id)).toEqual(workerGroups(dataset)[0]!.workers.slice(0, 3));
    // Each claimer answers with its own recorded labels.
    const first = plan.claimers[0]!;
    expect(first.labelsFor([0, 1])).toEqual([0, 1].map((i) => dataset.labels.get(plan.items[i]!)!.find((l) => l.worker === first.id)!.label));
  });

  it("keeps one-task rows for sparse data and adds the HIT rows", async () => {
    const rows = scenariosFor(await loadDataset("rte"), { seed: 1, adversaries: true });
    expect(rows.map((r) => r.key)).toEqual(["rte R=3", "rte R=5", "rte R=10 (all)", "rte adaptive R=3..5", "rte R=3 HITs", "rte R=5 HITs", "rte R=10 (all) HITs"]);
  });
});

describe("off-chain Dawid-Skene expectation", () => {
  it("hands out batches in claim rounds: full batches, distinct workers, nearly equal shares", () => {
    const workers = Array.from({ length: 39 }, (_, k) => `w${k}`);
    const groups = claimRoundGroups(workers, 27, 5, seededRandom(11));
    expect(groups.map((g) => g.length)).toEqual(new Array(27).fill(5));
    expect(groups.every((g) => new Set(g).size === 5)).toBe(true);
    const shares = workers.map((w) => groups.filter((g) => g.includes(w)).length);
    // 135 slots over 39 workers: 3 rounds of 39 and one of 18, so every worker gets 3 or 4 batches.
    expect(Math.min(...shares)).toBe(3);
    expect(Math.max(...shares)).toBe(4);
    expect(shares.filter((n) => n === 4)).toHaveLength(135 - 3 * 39);
    expect(() => claimRoundGroups(workers.slice(0, 2), 3, 3, seededRandom(1))).toThrow(/at least that many workers/);
  });

  it("runs the exported Dawid-Skene over worker draws: as replayed and independent, batched and per image", async () => {
    const e = dsExpectation(await loadDataset("bluebirds"), { redundancy: 5, batchSize: 4, draws: 40, seed: 3 });
    expect([e.redundancy, e.batchSize, e.draws, e.replayed.n, e.batched.n, e.replayedPerImage.n, e.perImage.n]).toEqual([5, 4, 40, 40, 40, 40, 40]);
    // Seeded: the same draws every run. Over 1,000 draws (seed 1) the means are 0.749, 0.757, 0.764 and 0.762.
    expect([e.replayed.mean, e.batched.mean, e.replayedPerImage.mean, e.perImage.mean].map((m) => m.toFixed(6))).toEqual(["0.750231", "0.737500", "0.766204", "0.771991"]);
    expect(e.replayed.sd).toBeGreaterThan(0.03);
  });
});

import { describe, expect, it } from "vitest";
import type { RowResult } from "./analyseRow.ts";
import { qualityChecks } from "./checks.ts";
import { summarise, type ComparedFigures, type ReplicateSummary } from "./replicates.ts";

function row(overrides: Partial<RowResult> & Pick<RowResult, "key" | "dataset" | "kind" | "redundancy" | "identities">): RowResult {
  return {
    tasks: 1,
    batchSize: 4,
    items: 100,
    consensusAccuracy: 0.7,
    consensusAccuracyResolved: 0.7,
    coverage: 1,
    mvAccuracy: 0.7,
    dsAccuracy: 0.7,
    dsSource: "test",
    consensusCheck: { items: 100, mismatches: 0, examples: [] },
    labelsCollected: 500,
    labelsUsed: 500,
    labelsPaid: 400,
    tokensPaid: 4,
    gas: { total: 1, byPhase: {}, txs: 1, perLabel: 1, perResolvedItem: 1 },
    cost: { gasUsdPerResolvedItem: { l2: 0, l1: 0 }, rewardUsdPerResolvedItem: 0, totalUsdPerResolvedItem: { l2: 0, l1: 0 } },
    replaySeconds: 1,
    iterations: 1,
    timeJumps: 0,
    stuckBatches: 0,
    ...overrides,
  };
}

const figures = (accuracy: number, paid: number): ComparedFigures => ({ consensusAccuracy: accuracy, dsAccuracy: accuracy, labelsPaid: paid, labelsUsed: paid, labelsCollected: paid, gas: 0 });

function replicated(adaptive: number[], fixed: number[]): ReplicateSummary {
  return {
    dataset: "bluebirds",
    adaptiveKey: "bluebirds adaptive R=3..5",
    fixedKey: "bluebirds R=5",
    replicates: [],
    adaptive: summarise(adaptive.map((a) => figures(a, 320))),
    fixed: summarise(fixed.map((f) => figures(f, 410))),
    fixedRows: { "bluebirds R=5": summarise(fixed.map((f) => figures(f, 410))) },
    seconds: 1,
  };
}

const rows = [
  row({ key: "bluebirds R=5", dataset: "bluebirds", kind: "fixed", redundancy: "5", identities: "workers", dsAccuracy: 0.77 }),
  row({ key: "bluebirds adaptive R=3..5", dataset: "bluebirds", kind: "adaptive", redundancy: "3..5", identities: "workers" }),
  row({ key: "rte R=5", dataset: "rte", kind: "fixed", redundancy: "5", identities: "slot actors", dsAccuracy: 0.5 }),
  row({ key: "rte R=5 HITs", dataset: "rte", kind: "hits", redundancy: "5", identities: "workers", dsAccuracy: 0.9 }),
];
const adaptiveLine = (summary: ReplicateSummary) => qualityChecks({ rows, reputation: {}, replicates: [summary] }).find((c) => c.name.startsWith("bluebirds adaptive") && c.name.includes("reaches"))!;

describe("quality checks", () => {
  it("bars Dawid-Skene only where annotators are real workers (slot actors are a mapping artefact)", () => {
    const ds = qualityChecks({ rows, reputation: {} }).filter((c) => c.name.includes("Dawid-Skene"));
    expect(ds.map((c) => [c.name.split(":")[0], c.pass])).toEqual([
      ["bluebirds R=5", true],
      ["rte R=5 HITs", true],
    ]);
  });

  it("does not hold a sliced dataset to the README's whole-dataset numbers", () => {
    const sliced = [row({ key: "bluebirds R=20 (all)", dataset: "bluebirds", kind: "fixed", redundancy: "20 (all)", identities: "workers", dsAccuracy: 0.8 }), ...rows];
    const names = (set: Set<string>) => qualityChecks({ rows: sliced, reputation: {}, sliced: set }).filter((c) => c.name.includes("Dawid-Skene")).map((c) => c.name.split(":")[0]);
    expect(names(new Set())).toEqual(["bluebirds R=20 (all)", "bluebirds R=5", "rte R=5 HITs"]);
    expect(names(new Set(["bluebirds"]))).toEqual(["rte R=5 HITs"]);
    const reputation = { bluebirds: { spearman: 0.5 } } as unknown as Parameters<typeof qualityChecks>[0]["reputation"];
    const spearman = (set: Set<string>) => qualityChecks({ rows, reputation, sliced: set }).filter((c) => c.name.includes("Spearman")).length;
    expect([spearman(new Set()), spearman(new Set(["bluebirds"]))]).toEqual([1, 0]);
  });

  it("passes replicated adaptive accuracy that is not significantly below fixed", () => {
    const line = adaptiveLine(replicated([0.70, 0.72, 0.74, 0.71], [0.72, 0.73, 0.71, 0.74]));
    expect(line.pass).toBe(true);
    expect(line.detail).toContain("difference -0.008");
  });

  it("fails replicated adaptive accuracy that is significantly below fixed", () => {
    const line = adaptiveLine(replicated([0.60, 0.61, 0.62, 0.60], [0.72, 0.73, 0.71, 0.74]));
    expect(line.pass).toBe(false);
  });

  it("needs a strictly higher mean when the replicates do not vary", () => {
    expect(adaptiveLine(replicated([0.894, 0.894], [0.894, 0.894])).pass).toBe(true);
    expect(adaptiveLine(replicated([0.893, 0.893], [0.894, 0.894])).pass).toBe(false);
  });
});

describe("claim order", () => {
  it("is a uniform permutation: each claimer is first about equally often", async () => {
    const { seededRandom } = await import("@crowdlabel/sdk");
    const { shuffled } = await import("./shuffled.ts");
    const random = seededRandom(7);
    const first = new Array<number>(39).fill(0);
    const ids = Array.from({ length: 39 }, (_, i) => i);
    for (let n = 0; n < 39_000; n++) first[shuffled(ids, random)[0]!]!++;
    // 1,000 expected each; a biased shuffle (sort with a random comparator) puts the first ids far above that.
    expect(Math.max(...first)).toBeLessThan(1_150);
    expect(Math.min(...first)).toBeGreaterThan(850);
  });
});

describe("replicated Dawid-Skene bar", () => {
  it("judges a replicated row by its mean over the replicates, not the main run", () => {
    const summary = replicated([0.7, 0.7], [0.75, 0.77, 0.76, 0.78]);
    const line = qualityChecks({ rows, reputation: {}, replicates: [summary] }).find((c) => c.name.startsWith("bluebirds R=5: exported"))!;
    // Main run 0.77 would pass (bar 0.767 - 0.005); the mean 0.765 passes too, and the detail names the replicates.
    expect(line.pass).toBe(true);
    expect(line.detail).toContain("mean over 4 replicates 0.765 ± 0.013");
    const low = qualityChecks({ rows, reputation: {}, replicates: [replicated([0.7], [0.74, 0.75, 0.76])] }).find((c) => c.name.startsWith("bluebirds R=5: exported"))!;
    expect(low.pass).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { loadDataset } from "./findDatasets.ts";
import { stat, summarise } from "./replicates.ts";
import { batchSweepRows, fixedCounterpart, scenariosFor } from "./scenarios.ts";

describe("replicate statistics", () => {
  it("gives the mean and the sample standard deviation", () => {
    expect(stat([0.7, 0.75, 0.8])).toEqual({ mean: 0.75, sd: expect.closeTo(0.05, 12), n: 3 });
    expect(stat([5])).toEqual({ mean: 5, sd: 0, n: 1 });
  });

  it("summarises every compared figure", () => {
    const one = { consensusAccuracy: 0.7, labelsPaid: 300, labelsUsed: 400, labelsCollected: 480, gas: 1 };
    const two = { consensusAccuracy: 0.8, labelsPaid: 320, labelsUsed: 420, labelsCollected: 500, gas: 3 };
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

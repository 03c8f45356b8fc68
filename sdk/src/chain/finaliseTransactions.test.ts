import { describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { FINALISE_TX_GAS_BUDGET, finaliseGasBudget, finaliseGasEstimate, groupFinalisations } from "./finaliseTransactions.ts";

const vector = (items: number): Hex => `0x${"01".repeat(items)}`;
const batch = (batchId: number, slots: number, items: number, silent = 0) => ({
  batchId,
  labels: [...Array.from({ length: slots - silent }, () => vector(items)), ...Array.from({ length: silent }, (): Hex => "0x")],
});

describe("finaliseGasEstimate", () => {
  it("stays above what the contract measures, cold first round included", () => {
    expect(finaliseGasEstimate(batch(0, 3, 4).labels)).toBe(60_000 + 90_000 + 3_600);
    expect(finaliseGasEstimate(batch(0, 3, 4).labels)).toBeGreaterThan(140_613);
    expect(finaliseGasEstimate(batch(0, 15, 256).labels)).toBeGreaterThan(1_087_772);
    expect(finaliseGasEstimate(batch(0, 15, 4).labels)).toBeGreaterThan(251_301);
  });

  it("charges a slot that did not reveal for its slot but no labels", () => {
    expect(finaliseGasEstimate(batch(0, 3, 10, 1).labels)).toBe(60_000 + 90_000 + 300 * 20);
  });
});

describe("finaliseGasBudget", () => {
  it("is the usual budget on chains with big blocks, and half a block on chains with small ones", () => {
    expect(finaliseGasBudget(30_000_000n)).toBe(FINALISE_TX_GAS_BUDGET);
    expect(finaliseGasBudget(16_000_000n)).toBe(FINALISE_TX_GAS_BUDGET);
    expect(finaliseGasBudget(15_999_999n)).toBe(7_999_999);
    expect(finaliseGasBudget(300_000n)).toBe(150_000);
  });

  it("splits a task's batches one per transaction where even two do not fit in half a block", () => {
    const batches = [batch(0, 2, 2), batch(1, 2, 1)];
    expect(groupFinalisations(batches, finaliseGasBudget(30_000_000n)).map((g) => g.length)).toEqual([2]);
    expect(groupFinalisations(batches, finaliseGasBudget(400_000n)).map((g) => g.length)).toEqual([1, 1]);
  });
});

describe("groupFinalisations", () => {
  it("puts a task's usual batches in one transaction", () => {
    const batches = Array.from({ length: 40 }, (_, i) => batch(i, 3, 10));
    const groups = groupFinalisations(batches);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.map((b) => b.batchId)).toEqual(batches.map((b) => b.batchId));
  });

  it("splits in order when the estimate passes the budget, each group under it", () => {
    const batches = Array.from({ length: 12 }, (_, i) => batch(i, 15, 256));
    const groups = groupFinalisations(batches);
    const perTx = Math.floor(FINALISE_TX_GAS_BUDGET / finaliseGasEstimate(batches[0]!.labels));
    expect(perTx).toBe(4);
    expect(groups.map((g) => g.map((b) => b.batchId))).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
  });

  it("gives a batch over the budget its own transaction", () => {
    const groups = groupFinalisations([batch(0, 3, 4), batch(1, 15, 256), batch(2, 3, 4)], 1_000_000);
    expect(groups.map((g) => g.map((b) => b.batchId))).toEqual([[0], [1], [2]]);
    expect(groupFinalisations([])).toEqual([]);
  });
});

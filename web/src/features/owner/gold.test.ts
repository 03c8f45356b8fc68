import { describe, expect, it } from "vitest";
import { goldCoverage, onePerBatch } from "./gold.ts";

describe("spreading gold over batches", () => {
  it("offers the middle image of every batch, the last one short", () => {
    expect(onePerBatch(25, 10)).toEqual([4, 14, 22]);
    expect(onePerBatch(3, 1)).toEqual([0, 1, 2]);
    expect(onePerBatch(0, 10)).toEqual([]);
  });

  it("offers a batch's first gold image instead, and the image the owner moved to before either", () => {
    expect(onePerBatch(25, 10, { 17: 1, 12: 0, 3: 1 })).toEqual([3, 12, 22]);
    // Offsets wrap within the batch (the last batch has 5 images); a gold image past the end is ignored.
    expect(onePerBatch(25, 10, { 12: 0, 99: 1 }, { 1: 3, 2: 7 })).toEqual([4, 13, 22]);
    expect(onePerBatch(25, 10, {}, { 0: 10, 2: -1 })).toEqual([0, 14, 24]);
  });

  it("counts the batches that hold gold", () => {
    expect(goldCoverage({ 0: 1, 1: 0, 9: 1 }, 25, 10)).toEqual({ batchesWithGold: 1, batchCount: 3 });
    expect(goldCoverage({ 4: 1, 14: 0, 22: 1 }, 25, 10)).toEqual({ batchesWithGold: 3, batchCount: 3 });
    expect(goldCoverage({}, 25, 10)).toEqual({ batchesWithGold: 0, batchCount: 3 });
  });
});

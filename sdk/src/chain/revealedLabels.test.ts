import { describe, expect, it } from "vitest";
import { finaliseVectors } from "./revealedLabels.ts";

describe("finaliseVectors", () => {
  it("puts each slot's revealed labels at its index, 0x for silent slots, and skips other batches and later rounds", () => {
    const revealed = [
      { batchId: 3, slot: 2, labels: "0x0102" as const },
      { batchId: 3, slot: 0, labels: "0x0101" as const },
      { batchId: 4, slot: 1, labels: "0x0000" as const },
      { batchId: 3, slot: 5, labels: "0x0202" as const },
    ];
    expect(finaliseVectors(revealed, 3, 3)).toEqual(["0x0101", "0x", "0x0102"]);
    expect(finaliseVectors(revealed, 4, 2)).toEqual(["0x", "0x0000"]);
    expect(finaliseVectors([], 0, 0)).toEqual([]);
  });
});

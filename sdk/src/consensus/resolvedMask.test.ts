import { describe, expect, it } from "vitest";
import { countResolved, isResolvedAt } from "./resolvedMask.ts";

describe("resolved masks", () => {
  it("reads single bits, including past 64", () => {
    const mask = (1n << 0n) | (1n << 3n) | (1n << 200n);
    expect([0, 1, 2, 3, 4, 199, 200, 201].map((i) => isResolvedAt(mask, i))).toEqual([true, false, false, true, false, false, true, false]);
  });

  it("counts set bits", () => {
    expect(countResolved(0n)).toBe(0);
    expect(countResolved(0b1011n)).toBe(3);
    expect(countResolved((1n << 256n) - 1n)).toBe(256);
  });
});

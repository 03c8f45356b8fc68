import { describe, expect, it } from "vitest";
import { packLabels, unpackLabels, LabelOutOfRangeError } from "./packLabels.ts";

describe("packLabels / unpackLabels", () => {
  it("packs one byte per item and round-trips", () => {
    expect(packLabels([0, 1, 2, 10, 255])).toBe("0x0001020aff");
    expect(unpackLabels("0x0001020aff")).toEqual([0, 1, 2, 10, 255]);
    expect(packLabels([])).toBe("0x");
    expect(unpackLabels(Uint8Array.from([3, 0]))).toEqual([3, 0]);
  });

  it("accepts classCount itself (cannot label) and rejects values above it", () => {
    expect(packLabels([0, 3, 2], { classCount: 3 })).toBe("0x000302");
    expect(() => packLabels([0, 4], { classCount: 3 })).toThrow(LabelOutOfRangeError);
    expect(() => unpackLabels("0x0004", { classCount: 3 })).toThrow(/Label 4 of item 1 is out of range/);
  });

  it("rejects non-byte values", () => {
    expect(() => packLabels([256])).toThrow(LabelOutOfRangeError);
    expect(() => packLabels([-1])).toThrow(LabelOutOfRangeError);
    expect(() => packLabels([1.5])).toThrow(LabelOutOfRangeError);
    expect(() => unpackLabels("0xzz" as `0x${string}`)).toThrow(/not valid hex/);
  });
});

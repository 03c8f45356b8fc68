import { describe, expect, it } from "vitest";
import { batchesText, countText, formatAmount, formatDuration, shortAddress } from "./format.ts";

describe("format", () => {
  it("formats token amounts", () => {
    expect(formatAmount(1_500_000_000_000_000_000n, 18)).toBe("1.5");
    expect(formatAmount(1234n * 10n ** 18n, 18)).toBe("1,234");
    expect(formatAmount(1n, 18)).toBe("<0.0001");
    expect(formatAmount("500000000000000000", 18)).toBe("0.5");
    expect(formatAmount(500_000n, 6)).toBe("0.5");
    // Unknown decimals never guess (18 would show 0.5 of a 6-decimal token as <0.0001).
    expect(formatAmount(500_000n, undefined)).toBe("…");
  });
  it("formats durations", () => {
    expect(formatDuration(0)).toBe("ended");
    expect(formatDuration(90)).toBe("1m");
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe("3d 4h");
  });
  it("shortens addresses", () => {
    expect(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe("0x7099…79C8");
  });
});

describe("countText", () => {
  it("puts the noun in the number the count needs", () => {
    expect([0, 1, 6].map((n) => countText(n, "image"))).toEqual(["0 images", "1 image", "6 images"]);
    expect(countText(1, "batch", "batches")).toBe("1 batch");
  });
});

describe("batchesText", () => {
  it("counts one batch and several", () => {
    expect([0, 1, 2].map(batchesText)).toEqual(["0 batches", "1 batch", "2 batches"]);
  });
});

import { describe, expect, it } from "vitest";
import { RangeNotSatisfiableError } from "../errors.js";
import { parseRange } from "./range.js";

describe("parseRange", () => {
  it("parses first-last, open-ended and suffix ranges, clamping the end", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-500", 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=95-1000", 100)).toEqual({ start: 95, end: 99 });
  });

  it("ignores a missing header and multi-range requests (full response)", () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
    expect(parseRange("bytes=0-1,5-6", 100)).toBeUndefined();
  });

  it("throws 416 for unsatisfiable or malformed ranges", () => {
    for (const header of ["bytes=100-", "bytes=5-1", "bytes=-0", "bytes=", "lines=1-2", "bytes=a-b"]) {
      expect(() => parseRange(header, 100)).toThrow(RangeNotSatisfiableError);
    }
    expect(() => parseRange("bytes=-1", 0)).toThrow(RangeNotSatisfiableError);
  });
});

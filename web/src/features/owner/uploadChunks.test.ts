import { describe, expect, it } from "vitest";
import { uploadChunks } from "./uploadChunks.ts";

const MiB = 1024 * 1024;
const files = (...sizes: number[]) => sizes.map((size, i) => ({ id: i, file: { size } }));
const ids = (chunks: { id: number }[][]) => chunks.map((c) => c.map((e) => e.id));

describe("uploadChunks", () => {
  it("keeps each request under the byte limit: sixteen 7 MiB photos go in four requests of 4", () => {
    const chunks = uploadChunks(files(...Array<number>(16).fill(7 * MiB)));
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 4]);
    expect(Math.max(...chunks.map((c) => c.reduce((n, e) => n + e.file.size, 0)))).toBe(28 * MiB);
  });

  it("keeps at most 16 small files per request, in order", () => {
    expect(ids(uploadChunks(files(...Array<number>(33).fill(1000)))).map((c) => c.length)).toEqual([16, 16, 1]);
    expect(ids(uploadChunks(files(10, 20, 30), 2))).toEqual([[0, 1], [2]]);
  });

  it("sends a file larger than the byte limit on its own", () => {
    expect(ids(uploadChunks(files(1, 50, 1), 16, 40))).toEqual([[0], [1], [2]]);
    expect(uploadChunks([])).toEqual([]);
  });
});

import { execFileSync } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { ZipWriter, crc32 } from "./zipWriter.ts";

// Archives are checked with Info-ZIP's `unzip` (Debian's), a reader written by others. CI installs it; elsewhere the
// checks that need it are skipped when it is missing.
const unzip = ["/usr/bin/unzip", "/bin/unzip"].find(existsSync);
const withUnzip = process.env.CI === "true" || unzip !== undefined ? it : it.skip;
const unzipRun = (args: string[]) => execFileSync(unzip ?? "unzip", args, { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crowdlabel-zip-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};

/** The classic end record's entry count and the Zip64 end record's, if there is one. */
function endCounts(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const zip64End = end - 20 - 56;
  const hasZip64 = zip64End >= 0 && view.getUint32(zip64End, true) === 0x06064b50;
  return { classic: view.getUint16(end + 10, true), zip64: hasZip64 ? Number(view.getBigUint64(zip64End + 32, true)) : null };
}

describe("ZipWriter", () => {
  it("CRC-32 gives the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("writes stored and deflated entries with UTF-8 names that other readers open", async () => {
    const zip = new ZipWriter(new Date(2026, 10, 29, 12, 30, 10));
    const image = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) % 256);
    const text = "file_name,label\n".repeat(500);
    const bytes = concat([...zip.add("train/chat/000000_été.png", image), ...zip.add("README.md", text, { deflate: true }), ...zip.end()]);
    expect(bytes.length).toBeLessThan(image.length + text.length); // the text was deflated
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(["train/chat/000000_été.png", "README.md"]);
    expect(files["train/chat/000000_été.png"]).toEqual(image);
    expect(strFromU8(files["README.md"]!)).toBe(text);
    expect(endCounts(bytes)).toEqual({ classic: 2, zip64: null });
    if (!unzip) return;
    const path = join(dir, "small.zip");
    await writeFile(path, bytes);
    expect(unzipRun(["-tq", path])).toMatch(/^No errors detected/);
    expect(unzipRun(["-Z", "-T", path])).toMatch(/ 20261129\.123010 train\/chat\/000000_été\.png/);
  });

  it("an empty archive is the end record alone", () => {
    const bytes = concat(new ZipWriter().end());
    expect(bytes.length).toBe(22);
    expect(unzipSync(bytes)).toEqual({});
  });

  withUnzip("past 65,535 entries it writes the Zip64 end records, and every entry is listed", async () => {
    const zip = new ZipWriter();
    const parts: Uint8Array[] = [];
    const count = 70_000;
    for (let i = 0; i < count; i++) parts.push(...zip.add(`train/c/${String(i).padStart(6, "0")}.png`, Uint8Array.of(i & 255)));
    parts.push(...zip.end());
    const bytes = concat(parts);
    // fflate's writer wrapped the count to 70,000 - 65,536 = 4,464: readers then saw that many files
    expect(endCounts(bytes)).toEqual({ classic: 0xffff, zip64: count });
    const path = join(dir, "many.zip");
    await writeFile(path, bytes);
    expect(unzipRun(["-tq", path])).toMatch(/^No errors detected/);
    const names = unzipRun(["-Z1", path]).trim().split("\n");
    expect(names).toHaveLength(count);
    expect(names.at(-1)).toBe("train/c/069999.png");
  });

  withUnzip(
    "past 4 GiB it writes Zip64 offsets, and the entries after that point read back",
    async () => {
      const path = join(dir, "large.zip");
      const out = createWriteStream(path);
      const write = async (chunks: Uint8Array[]) => {
        for (const chunk of chunks) if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      };
      const zip = new ZipWriter();
      const block = Uint8Array.from({ length: 64 * 2 ** 20 }, (_, i) => i % 251);
      // 65 blocks of 64 MiB: 4 GiB and 64 MiB, so the last entry and the central directory start past 2^32.
      for (let i = 0; i < 65; i++) await write(zip.add(`blocks/${i}.bin`, block));
      await write(zip.add("after.txt", "read me back"));
      await write(zip.end());
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      expect(unzipRun(["-tq", path])).toMatch(/^No errors detected/);
      expect(unzipRun(["-p", path, "after.txt"])).toBe("read me back");
      expect(unzipRun(["-Z1", path]).trim().split("\n")).toHaveLength(66);
    },
    180_000,
  );
});

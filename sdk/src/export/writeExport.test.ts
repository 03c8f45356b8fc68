import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeExport } from "./writeExport.ts";

const dir = await mkdtemp(join(tmpdir(), "crowdlabel-write-export-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("writeExport", () => {
  it("writes the whole export under its name", async () => {
    const file = join(dir, "ok.jsonl");
    const chunks = (async function* () {
      yield "a\n";
      yield new TextEncoder().encode("b\n");
    })();
    await writeExport(chunks, file);
    expect(await readFile(file, "utf8")).toBe("a\nb\n");
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it("leaves neither the file nor its partial copy when the export fails half-way", async () => {
    const file = join(dir, "failed.jsonl");
    const failing = (async function* () {
      yield "first line\n";
      throw new Error("IPFS went away");
    })();
    await expect(writeExport(failing, file)).rejects.toThrow("IPFS went away");
    expect([existsSync(file), existsSync(`${file}.partial`)]).toEqual([false, false]);
  });
});

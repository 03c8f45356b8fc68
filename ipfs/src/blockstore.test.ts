import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FsBlockstore, WriteBehind, type CorruptBlockReport } from "./blockstore.js";
import { BlockNotFoundError } from "./errors.js";

function rawCid(bytes: Uint8Array): CID {
  return CID.createV1(raw.code, createDigest(0x12, createHash("sha256").update(bytes).digest()));
}

describe("FsBlockstore", () => {
  let root: string;
  let reports: CorruptBlockReport[];
  let store: FsBlockstore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "crowdlabel-blockstore-"));
    reports = [];
    store = new FsBlockstore({ root, onCorruptBlock: (report) => reports.push(report) });
    await store.open();
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it("stores blocks flatfs-style by multihash, shared between CID versions", async () => {
    const bytes = new TextEncoder().encode("block");
    const cid = rawCid(bytes);
    await store.put(cid, bytes);
    expect(store.pathOf(cid)).toMatch(/blocks\/[A-Z2-7]{2}\/CIQ[A-Z2-7]+\.data$/);
    const v0 = CID.decode(cid.multihash.bytes); // a bare sha2-256 multihash is a CIDv0
    expect(store.pathOf(v0)).toBe(store.pathOf(cid));
    expect(Buffer.from(await store.getBytes(v0)).toString()).toBe("block");
    expect(await store.count()).toBe(1);
    expect(await readdir(join(root, "tmp"))).toEqual([]);
  });

  it("treats a block that no longer matches its hash as missing, reports and quarantines it", async () => {
    const bytes = new TextEncoder().encode("original");
    const cid = rawCid(bytes);
    await store.put(cid, bytes);
    await writeFile(store.pathOf(cid), "tampered");
    await expect(store.getBytes(cid)).rejects.toBeInstanceOf(BlockNotFoundError);
    expect(reports.map((r) => r.cid.toString())).toEqual([cid.toString()]);
    expect(await store.has(cid)).toBe(false);
    expect((await readdir(join(root, "corrupt"))).length).toBe(1);
    await store.put(cid, bytes);
    expect(Buffer.from(await store.getBytes(cid)).toString()).toBe("original");
  });

  it("re-adding content repairs a block left empty, truncated or torn by a crash", async () => {
    const bytes = new TextEncoder().encode("precious image bytes");
    const cid = rawCid(bytes);
    const damaged = [new Uint8Array(0), bytes.slice(0, 7), new Uint8Array(bytes.length)];
    for (const onDisk of damaged) {
      await store.put(cid, bytes);
      await writeFile(store.pathOf(cid), onDisk); // renamed into place, but the data never reached the disk
      await store.put(cid, bytes); // the user adds the same file again
      expect(Buffer.from(await readFile(store.pathOf(cid))).toString()).toBe("precious image bytes");
      expect(Buffer.from(await store.getBytes(cid)).toString()).toBe("precious image bytes");
    }
    expect(reports).toEqual([]);
    expect(await readdir(join(root, "tmp"))).toEqual([]);
  });

  it("WriteBehind returns before the disk write and flush reports a failed write", async () => {
    const batch = new WriteBehind(store);
    const bytes = new TextEncoder().encode("later");
    const cid = rawCid(bytes);
    await batch.put(cid, [bytes]);
    await batch.flush();
    expect(await store.has(cid)).toBe(true);

    await rm(join(root, "tmp"), { recursive: true });
    await writeFile(join(root, "tmp"), "not a folder");
    const failing = new WriteBehind(store);
    await failing.put(rawCid(new Uint8Array([1])), new Uint8Array([1]));
    await expect(failing.flush()).rejects.toThrow(/ENOTDIR/);
  });
});

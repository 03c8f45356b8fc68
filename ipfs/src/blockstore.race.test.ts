import { createHash } from "node:crypto";
import * as realFs from "node:fs/promises";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FsBlockstore } from "./blockstore.js";

/** Runs once right after the store's next read of `path` returns, before the store sees the bytes. */
const afterRead = vi.hoisted(() => ({ path: "", step: undefined as (() => Promise<void>) | undefined }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof realFs>();
  const readFile = async (...args: Parameters<typeof fs.readFile>) => {
    const data = await fs.readFile(...args);
    const step = afterRead.step;
    if (step && args[0] === afterRead.path) {
      afterRead.step = undefined;
      await step();
    }
    return data;
  };
  return { ...fs, readFile, default: { ...fs, readFile } };
});

function rawCid(bytes: Uint8Array): CID {
  return CID.createV1(raw.code, createDigest(0x12, createHash("sha256").update(bytes).digest()));
}

describe("FsBlockstore: a torn block read while the same content is re-added", () => {
  let root: string;
  let store: FsBlockstore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "crowdlabel-blockstore-race-"));
    store = new FsBlockstore({ root });
    await store.open();
  });
  afterEach(async () => {
    afterRead.step = undefined;
    await rm(root, { recursive: true, force: true });
  });

  it("keeps the good block the re-add renamed in after the reader saw the torn bytes", async () => {
    const bytes = new TextEncoder().encode("precious image bytes");
    const cid = rawCid(bytes);
    await store.put(cid, bytes);
    await writeFile(store.pathOf(cid), new Uint8Array(bytes.length)); // torn by a crash
    afterRead.path = store.pathOf(cid);
    afterRead.step = async () => {
      await store.put(cid, bytes); // the re-add lands between the GET's read and its quarantine
    };

    const read = await store.getBytes(cid).then(
      (data) => Buffer.from(data).toString(),
      (error: Error) => error,
    );

    expect(read).toBe("precious image bytes");
    expect(Buffer.from(await store.getBytes(cid)).toString()).toBe("precious image bytes");
    expect(await readdir(join(root, "corrupt"))).toEqual([]);
  });

  it("still quarantines a torn block a re-add has not replaced, and the re-add then heals it", async () => {
    const bytes = new TextEncoder().encode("precious image bytes");
    const cid = rawCid(bytes);
    await store.put(cid, bytes);
    await writeFile(store.pathOf(cid), new Uint8Array(bytes.length));

    await expect(store.getBytes(cid)).rejects.toThrow(cid.toString());
    expect((await readdir(join(root, "corrupt"))).length).toBe(1);
    await store.put(cid, bytes);
    expect(Buffer.from(await store.getBytes(cid)).toString()).toBe("precious image bytes");
  });
});

import { createHash } from "node:crypto";
import { CarReader } from "@ipld/car";
import { exporter } from "ipfs-unixfs-exporter";
import { CID } from "multiformats/cid";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, collectBytes, deterministicBytes, startTestNode, type TestNode } from "./helpers.js";

const IMMUTABLE = "public, max-age=29030400, immutable";

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.set(deterministicBytes(width * height * 4, width));
  return PNG.sync.write(image);
}

/** Reads a CAR, checks every block hashes to its CID, returns roots and blocks by CID. */
async function verifiedCar(bytes: Uint8Array): Promise<{ roots: CID[]; blocks: Map<string, Uint8Array>; order: string[] }> {
  const reader = await CarReader.fromBytes(bytes);
  const blocks = new Map<string, Uint8Array>();
  const order: string[] = [];
  for await (const { cid, bytes: block } of reader.blocks()) {
    expect(Buffer.compare(createHash("sha256").update(block).digest(), Buffer.from(cid.multihash.digest))).toBe(0);
    blocks.set(cid.toString(), block);
    order.push(cid.toString());
  }
  return { roots: await reader.getRoots(), blocks, order };
}

/** The CAR's blocks as a read-only blockstore for the exporter: nothing else to read from. */
function carBlockstore(blocks: Map<string, Uint8Array>): { get(cid: CID): AsyncGenerator<Uint8Array> } {
  return {
    async *get(cid: CID) {
      const block = blocks.get(cid.toString());
      if (!block) throw new Error(`block ${cid} is not in the CAR`);
      yield block;
    },
  };
}

describe("gateway", () => {
  let node: TestNode;
  let rootCid: string;
  let bigCid: string;
  const big = deterministicBytes(700_000, 13);
  const files: Record<string, Uint8Array> = {
    "noext-png": png(32, 32),
    "noext-jpeg": Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3]),
    "noext-gif": new TextEncoder().encode("GIF89a\u0001\u0000\u0001\u0000"),
    "noext-webp": Uint8Array.from([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20]),
    "noext-svg": new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'),
    "noext-json": new TextEncoder().encode('{"labels":["cat","dog"]}'),
    "noext-text": new TextEncoder().encode("plain words\n"),
    "noext-binary": Uint8Array.from([0, 1, 2, 3, 254, 255]),
    "labels.json": new TextEncoder().encode("[1,2,3]"),
  };

  beforeAll(async () => {
    node = await startTestNode();
    const entries = [
      ...Object.entries(files).map(([name, content]) => ({ path: `site/${name}`, content })),
      { path: "site/big.bin", content: big },
      { path: "site/web/index.html", content: new TextEncoder().encode("<!doctype html><title>hi</title>") },
    ];
    const results = await collect(node.client.addAll(entries, { wrapWithDirectory: true }));
    rootCid = results.at(-1)!.cid.toString();
    bigCid = results.find((r) => r.path === "site/big.bin")!.cid.toString();
  });
  afterAll(async () => node.destroy());

  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${node.gatewayUrl}${path}`, init);

  it("sniffs Content-Type from the bytes, or takes it from the extension", async () => {
    const expected: Record<string, string> = {
      "noext-png": "image/png",
      "noext-jpeg": "image/jpeg",
      "noext-gif": "image/gif",
      "noext-webp": "image/webp",
      "noext-svg": "image/svg+xml",
      "noext-json": "application/json",
      "noext-text": "text/plain; charset=utf-8",
      "noext-binary": "application/octet-stream",
      "labels.json": "application/json",
    };
    for (const [name, type] of Object.entries(expected)) {
      const res = await get(`/ipfs/${rootCid}/site/${name}`);
      expect([name, res.status, res.headers.get("content-type")]).toEqual([name, 200, type]);
      expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), Buffer.from(files[name]!))).toBe(0);
    }
  });

  it("sends the quoted CID as ETag, immutable caching, 304 on If-None-Match", async () => {
    const res = await get(`/ipfs/${bigCid}`);
    expect(res.headers.get("etag")).toBe(`"${bigCid}"`);
    expect(res.headers.get("cache-control")).toBe(IMMUTABLE);
    expect(res.headers.get("content-length")).toBe("700000");
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), Buffer.from(big))).toBe(0);
    const again = await get(`/ipfs/${bigCid}`, { headers: { "If-None-Match": `"${bigCid}"` } });
    expect(again.status).toBe(304);
  });

  it("serves Range requests with 206 and Content-Range, 416 for bad ranges", async () => {
    const mid = await get(`/ipfs/${bigCid}`, { headers: { Range: "bytes=262140-262149" } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get("content-range")).toBe("bytes 262140-262149/700000");
    expect(Buffer.compare(Buffer.from(await mid.arrayBuffer()), Buffer.from(big.subarray(262_140, 262_150)))).toBe(0);
    const suffix = await get(`/ipfs/${bigCid}`, { headers: { Range: "bytes=-5" } });
    expect(suffix.headers.get("content-range")).toBe("bytes 699995-699999/700000");
    expect((await suffix.arrayBuffer()).byteLength).toBe(5);
    const open = await get(`/ipfs/${bigCid}`, { headers: { Range: "bytes=699000-" } });
    expect((await open.arrayBuffer()).byteLength).toBe(1000);
    for (const range of ["bytes=700000-700001", "bytes=5-2", "items=0-1", "bytes=abc"]) {
      const bad = await get(`/ipfs/${bigCid}`, { headers: { Range: range } });
      expect([range, bad.status, bad.headers.get("content-range")]).toEqual([range, 416, "bytes */700000"]);
    }
  });

  it("names a download in any script: ASCII filename plus filename*=UTF-8'' as Kubo sends them", async () => {
    const cases: Array<[query: string, disposition: string]> = [
      [`filename=${encodeURIComponent("猫 photo.png")}&download=true`, `attachment; filename="_ photo.png"; filename*=UTF-8''%E7%8C%AB%20photo.png`],
      ["filename=cat.png", `inline; filename="cat.png"; filename*=UTF-8''cat.png`],
      [`filename=${encodeURIComponent("café \"best\" (1).png")}`, `inline; filename="caf_ _best_ (1).png"; filename*=UTF-8''caf%C3%A9%20%22best%22%20%281%29.png`],
    ];
    for (const [query, disposition] of cases) {
      const res = await get(`/ipfs/${rootCid}/site/noext-png?${query}`);
      expect([query, res.status, res.headers.get("content-disposition")]).toEqual([query, 200, disposition]);
      expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), Buffer.from(files["noext-png"]!))).toBe(0);
    }
  });

  it("answers HEAD with headers only", async () => {
    const res = await get(`/ipfs/${bigCid}`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("700000");
    expect(res.headers.get("etag")).toBe(`"${bigCid}"`);
    expect(await res.text()).toBe("");
  });

  it("redirects directories to a trailing slash, lists them, serves index.html", async () => {
    const redirect = await get(`/ipfs/${rootCid}/site`, { redirect: "manual" });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe(`/ipfs/${rootCid}/site/`);
    const listing = await get(`/ipfs/${rootCid}/site/`);
    expect(listing.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await listing.text();
    expect(html).toContain('<a href="big.bin">big.bin</a>');
    expect(html).toContain('<a href="web/">web/</a>');
    const index = await get(`/ipfs/${rootCid}/site/web/`);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toBe("<!doctype html><title>hi</title>");
  });

  it("returns the raw block for ?format=raw and Accept: application/vnd.ipld.raw", async () => {
    for (const init of [{ query: "?format=raw", headers: {} as Record<string, string> }, { query: "", headers: { Accept: "application/vnd.ipld.raw" } }]) {
      const res = await get(`/ipfs/${bigCid}${init.query}`, { headers: init.headers });
      expect(res.headers.get("content-type")).toBe("application/vnd.ipld.raw");
      const block = Buffer.from(await res.arrayBuffer());
      expect(Buffer.compare(block, Buffer.from(await node.client.block.get(CID.parse(bigCid))))).toBe(0);
      expect(res.headers.get("etag")).toBe(`"${bigCid}.raw"`);
    }
  });

  it("lets a trustless client rebuild a file block by block from ?format=raw, verifying each block", async () => {
    const fetched: string[] = [];
    const verifyingStore = {
      async *get(cid: CID) {
        const res = await get(`/ipfs/${cid}`, { headers: { Accept: "application/vnd.ipld.raw" } });
        const block = new Uint8Array(await res.arrayBuffer());
        if (Buffer.compare(createHash("sha256").update(block).digest(), Buffer.from(cid.multihash.digest)) !== 0) throw new Error(`bad block ${cid}`);
        fetched.push(cid.toString());
        yield block;
      },
    };
    const entry = await exporter(`${rootCid}/site/big.bin`, verifyingStore);
    if (entry.type !== "file") throw new Error(`expected a file, got ${entry.type}`);
    expect(Buffer.compare(await collectBytes(entry.content()), Buffer.from(big))).toBe(0);
    expect(fetched.length).toBe(2 + 1 + 3);
  });

  it("returns a CARv1 whose blocks verify and re-import to the same CID and bytes", async () => {
    for (const init of [{ query: "?format=car", headers: {} as Record<string, string> }, { query: "", headers: { Accept: "application/vnd.ipld.car" } }]) {
      const res = await get(`/ipfs/${bigCid}${init.query}`, { headers: init.headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/vnd.ipld.car; version=1; order=dfs; dups=n");
      const car = await verifiedCar(new Uint8Array(await res.arrayBuffer()));
      expect(car.roots.map(String)).toEqual([bigCid]);
      expect(car.order[0]).toBe(bigCid);
      expect(car.blocks.size).toBe(4);
      const store = carBlockstore(car.blocks);
      const entry = await exporter(car.roots[0]!, store);
      expect(entry.cid.toString()).toBe(bigCid);
      if (entry.type !== "file") throw new Error(`expected a file, got ${entry.type}`);
      const bytes = await collectBytes(entry.content());
      expect(Buffer.compare(bytes, Buffer.from(big))).toBe(0);
    }
  });

  it("a CAR for a path carries the blocks along the path, then the target's DAG", async () => {
    const res = await get(`/ipfs/${rootCid}/site/labels.json?format=car`);
    const car = await verifiedCar(new Uint8Array(await res.arrayBuffer()));
    expect(car.roots.map(String)).toEqual([rootCid]);
    expect(car.order[0]).toBe(rootCid);
    const store = carBlockstore(car.blocks);
    const entry = await exporter(`${rootCid}/site/labels.json`, store);
    if (entry.type !== "file") throw new Error(`expected a file, got ${entry.type}`);
    expect((await collectBytes(entry.content())).toString()).toBe("[1,2,3]");
    const blockOnly = await verifiedCar(new Uint8Array(await (await get(`/ipfs/${bigCid}?format=car&dag-scope=block`)).arrayBuffer()));
    expect(blockOnly.order).toEqual([bigCid]);
  });

  it("answers 400 for a bad CID, 404 at once for an unknown CID or path, 405 for POST", async () => {
    const bad = await get("/ipfs/not-a-cid");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('invalid path "not-a-cid"');
    const started = Date.now();
    const unknown = await get("/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("not found locally");
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await get(`/ipfs/${rootCid}/site/missing.txt`)).status).toBe(404);
    expect((await get("/ipns/example.com")).status).toBe(404);
    expect((await get(`/ipfs/${bigCid}`, { method: "POST" })).status).toBe(405);
    expect((await get(`/ipfs/${bigCid}?format=tar`)).status).toBe(400);
  });
});

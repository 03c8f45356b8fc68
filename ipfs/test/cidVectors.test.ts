/**
 * CID test vectors. Each expected value is justified without this package's importer:
 *  - published Kubo vectors: `hello world\n` -> QmT78zSu..., the empty file -> QmbFMke1...,
 *    the empty directory -> QmUNLLsP... (all appear in Kubo's docs and sharness tests);
 *  - `hello world\n` with --cid-version=1 is a single raw leaf: CIDv1(raw, sha2-256(bytes));
 *  - multi-chunk files and a wrapping directory are built here block by block from the
 *    UnixFS spec with Kubo's documented parameters (size-262144 chunks, balanced layout of
 *    at most 174 links per node, dag-pb `file` leaves for v0, raw leaves for v1, links named
 *    "" with Tsize = cumulative size) using only @ipld/dag-pb, ipfs-unixfs and sha256.
 *    The literal CIDs pin the result so a change in either side is caught.
 */
import { createHash } from "node:crypto";
import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { create as createDigest } from "multiformats/hashes/digest";
import { sha256 } from "multiformats/hashes/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, deterministicBytes, startTestNode, type TestNode } from "./helpers.js";

interface BuiltNode {
  cid: CID;
  /** Cumulative DAG size: this block plus everything under it (a link's Tsize). */
  cumulative: number;
  fileBytes: number;
}

function cidOf(bytes: Uint8Array, codec: number, version: 0 | 1): CID {
  const digest = createDigest(sha256.code, createHash("sha256").update(bytes).digest());
  return version === 0 ? CID.createV0(digest) : CID.createV1(codec, digest);
}

function leaf(chunk: Uint8Array, rawLeaves: boolean, version: 0 | 1): BuiltNode {
  if (rawLeaves) return { cid: cidOf(chunk, raw.code, 1), cumulative: chunk.byteLength, fileBytes: chunk.byteLength };
  const block = dagPb.encode({ Data: new UnixFS({ type: "file", data: chunk }).marshal(), Links: [] });
  return { cid: cidOf(block, dagPb.code, version), cumulative: block.byteLength, fileBytes: chunk.byteLength };
}

function fileNode(children: BuiltNode[], version: 0 | 1): BuiltNode {
  const unixfs = new UnixFS({ type: "file" });
  for (const child of children) unixfs.addBlockSize(BigInt(child.fileBytes));
  const block = dagPb.encode(dagPb.prepare({ Data: unixfs.marshal(), Links: children.map((c) => ({ Name: "", Hash: c.cid, Tsize: c.cumulative })) }));
  return {
    cid: cidOf(block, dagPb.code, version),
    cumulative: block.byteLength + children.reduce((sum, c) => sum + c.cumulative, 0),
    fileBytes: children.reduce((sum, c) => sum + c.fileBytes, 0),
  };
}

/** Kubo's balanced layout: fill subtrees of up to 174^depth leaves left to right. */
function balancedFile(bytes: Uint8Array, options: { chunkSize: number; rawLeaves: boolean; version: 0 | 1 }): BuiltNode {
  const leaves: BuiltNode[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += options.chunkSize) {
    leaves.push(leaf(bytes.subarray(offset, offset + options.chunkSize), options.rawLeaves, options.version));
  }
  if (leaves.length === 1 && leaves[0]) return leaves[0];
  let level = leaves;
  while (level.length > 1) {
    const next: BuiltNode[] = [];
    for (let i = 0; i < level.length; i += 174) next.push(fileNode(level.slice(i, i + 174), options.version));
    level = next;
  }
  const root = level[0];
  if (!root) throw new Error("no root");
  return root;
}

function directory(entries: Array<{ name: string; node: BuiltNode }>): BuiltNode {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : 1));
  const block = dagPb.encode(
    dagPb.prepare({ Data: new UnixFS({ type: "directory" }).marshal(), Links: sorted.map((e) => ({ Name: e.name, Hash: e.node.cid, Tsize: e.node.cumulative })) }),
  );
  return { cid: cidOf(block, dagPb.code, 0), cumulative: block.byteLength + sorted.reduce((s, e) => s + e.node.cumulative, 0), fileBytes: 0 };
}

describe("CID vectors (identical to Kubo for the same options)", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => node.destroy());

  const text = new TextEncoder().encode("hello world\n");

  it("hello world\\n with defaults is Kubo's QmT78zSu... (CIDv0, dag-pb leaf), size 20", async () => {
    const added = await node.client.add(text);
    expect(added.cid.toString()).toBe("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    expect(added.size).toBe(20);
    expect(balancedFile(text, { chunkSize: 262_144, rawLeaves: false, version: 0 }).cid.toString()).toBe(added.cid.toString());
  });

  it("hello world\\n with cid-version=1 is one raw leaf, base32", async () => {
    const added = await node.client.add(text, { cidVersion: 1 });
    expect(added.cid.toString()).toBe(cidOf(text, raw.code, 1).toString());
    expect(added.cid.toString()).toBe("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
  });

  it("the empty file and the empty directory match Kubo's published CIDs", async () => {
    expect((await node.client.add(new Uint8Array(0))).cid.toString()).toBe("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    const [dir] = await collect(node.client.addAll([{ path: "empty" }]));
    expect(dir?.cid.toString()).toBe("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
  });

  it("a 600,000 byte file (3 chunks of 256 KiB) matches the hand-built balanced DAG, v0 and v1", async () => {
    const bytes = deterministicBytes(600_000, 7);
    const v0 = await node.client.add(bytes);
    const v1 = await node.client.add(bytes, { cidVersion: 1 });
    const expectedV0 = balancedFile(bytes, { chunkSize: 262_144, rawLeaves: false, version: 0 });
    const expectedV1 = balancedFile(bytes, { chunkSize: 262_144, rawLeaves: true, version: 1 });
    expect(v0.cid.toString()).toBe(expectedV0.cid.toString());
    expect(v0.size).toBe(expectedV0.cumulative);
    expect(v1.cid.toString()).toBe(expectedV1.cid.toString());
    expect(v1.cid.toString().startsWith("bafybei")).toBe(true);
    expect([v0.cid.toString(), v1.cid.toString()]).toEqual([V600K_V0, V600K_V1]);
  });

  it("176 chunks (size-1024) need a second tree level: 174 links per node, as Kubo", async () => {
    const bytes = deterministicBytes(176 * 1024, 3);
    const added = await node.client.add(bytes, { chunker: "size-1024" });
    const expected = balancedFile(bytes, { chunkSize: 1024, rawLeaves: false, version: 0 });
    expect(added.cid.toString()).toBe(expected.cid.toString());
    const root = dagPb.decode(await node.client.block.get(added.cid));
    expect(root.Links.length).toBe(2);
  });

  it("wrap-with-directory builds the directory Kubo builds (sorted links, Tsize cumulative)", async () => {
    const results = await collect(
      node.client.addAll([
        { path: "hello.txt", content: text },
        { path: "big.bin", content: deterministicBytes(300_000, 9) },
      ], { wrapWithDirectory: true }),
    );
    const wrapper = results.at(-1);
    expect(wrapper?.path).toBe("");
    const expected = directory([
      { name: "hello.txt", node: balancedFile(text, { chunkSize: 262_144, rawLeaves: false, version: 0 }) },
      { name: "big.bin", node: balancedFile(deterministicBytes(300_000, 9), { chunkSize: 262_144, rawLeaves: false, version: 0 }) },
    ]);
    expect(wrapper?.cid.toString()).toBe(expected.cid.toString());
    expect(wrapper?.size).toBe(expected.cumulative);
    const single = await collect(node.client.addAll([{ path: "hello.txt", content: text }], { wrapWithDirectory: true }));
    expect(single.at(-1)?.cid.toString()).toBe("QmfLiVjH2vujCVP2e75zyzBYmpcjktmDeU1YBz6Ct8BBsc");
  });
});

const V600K_V0 = "QmYQDU8AcZiTtmRECSBXFm3Z7JLyN3jBJkZeEkPo2GEKJn";
const V600K_V1 = "bafybeig5whabn54gjafsv4ukl4fc6o25af6a2gc34le4b47nx5c2oqhnmq";

import type * as fs from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { postMultipart, startTestNode, type TestNode } from "./helpers.js";

/** Counts every rename onto a pins.json, i.e. every rewrite of the pin set. */
const pinFileWrites = vi.hoisted(() => ({ count: 0 }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  const rename: typeof real.rename = async (from, to) => {
    if (String(to).endsWith("pins.json")) pinFileWrites.count += 1;
    return real.rename(from, to);
  };
  return { ...real, rename, default: { ...real, rename } };
});

describe("pinning the roots of one add", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => node.destroy());

  it("writes pins.json once for an add of many files and pins every one", async () => {
    const files = Array.from({ length: 50 }, (_, i) => ({ name: `image-${i}.png`, body: `image ${i}` }));
    pinFileWrites.count = 0;

    const res = await postMultipart(node.apiUrl, files);
    const lines = (await res.text()).trim().split("\n").map((line) => JSON.parse(line) as { Hash: string });

    expect(res.status).toBe(200);
    expect(pinFileWrites.count).toBe(1);
    expect(lines).toHaveLength(50);
    for (const { Hash } of lines) expect(node.node.pins.list().map((pin) => pin.cid.toString())).toContain(Hash);
  });

  it("writes nothing when every root of the add is already pinned", async () => {
    const files = [{ name: "again.png", body: "image 0" }];
    await postMultipart(node.apiUrl, files);
    pinFileWrites.count = 0;

    const res = await postMultipart(node.apiUrl, files);

    expect(res.status).toBe(200);
    expect(pinFileWrites.count).toBe(0);
  });
});

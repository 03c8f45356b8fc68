import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collect, collectBytes, deterministicBytes, makeDataDir, startTestNode } from "./helpers.js";

describe("persistence", () => {
  let dataDir = "";
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it("keeps blocks, pins and identity across a restart, and clears leftover temp files", async () => {
    dataDir = await makeDataDir();
    const bytes = deterministicBytes(800_000, 31);
    const first = await startTestNode({ dataDir });
    const { cid } = await first.client.add(bytes);
    const { cid: direct } = await first.client.add("direct pin\n", { pin: false });
    await first.client.pin.add(direct, { recursive: false });
    const { cid: unpinned } = await first.client.add("unpinned\n", { pin: false });
    const peerId = first.node.identity.peerId;
    await first.close();

    // What a crash mid-write leaves behind: a half-written temp file.
    await mkdir(join(dataDir, "tmp"), { recursive: true });
    await writeFile(join(dataDir, "tmp", "deadbeef.tmp"), "half a blo");

    const second = await startTestNode({ dataDir });
    try {
      expect(await readdir(join(dataDir, "tmp"))).toEqual([]);
      expect(Buffer.compare(await collectBytes(second.client.cat(cid)), Buffer.from(bytes))).toBe(0);
      expect((await collectBytes(second.client.cat(unpinned))).toString()).toBe("unpinned\n");
      const pins = await collect(second.client.pin.ls({ type: "recursive" }));
      expect(pins.map((p) => p.cid.toString())).toEqual([cid.toString()]);
      const directPins = await collect(second.client.pin.ls({ type: "direct" }));
      expect(directPins.map((p) => p.cid.toString())).toEqual([direct.toString()]);
      expect(second.node.identity.peerId).toBe(peerId);
      const res = await fetch(`${second.gatewayUrl}/ipfs/${cid}`);
      expect(res.headers.get("etag")).toBe(`"${cid}"`);
      expect((await res.arrayBuffer()).byteLength).toBe(800_000);
    } finally {
      await second.close();
    }
  });
});

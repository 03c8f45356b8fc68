import { readdir, readFile, stat, truncate, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { CID } from "multiformats/cid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectBytes, deterministicBytes, postMultipart, startTestNode, type TestNode } from "./helpers.js";

const LIMIT = 1024 * 1024;

describe("limits and bad input", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ maxUploadBytes: LIMIT });
  });
  afterAll(async () => node.destroy());

  it("refuses an upload over the limit with 413 and says how to raise it (Content-Length known)", async () => {
    const res = await postMultipart(node.apiUrl, [{ name: "big.bin", body: deterministicBytes(LIMIT + 10, 1) }]);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      Message: "request body exceeds the upload limit of 1 MiB (1048576 bytes): raise it with IPFS_MAX_UPLOAD_BYTES or --max-upload-bytes when starting the node",
      Code: 1,
      Type: "error",
    });
  });

  it("refuses a streamed (chunked) upload over the limit with 413 through kubo-rpc-client", async () => {
    const error = await node.client.add(deterministicBytes(3 * LIMIT, 2)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain("exceeds the upload limit of 1 MiB");
    expect((error as Error & { response?: Response }).response?.status).toBe(413);
    // The node is still healthy afterwards.
    expect((await node.client.add("after\n")).size).toBe(14);
  });

  it("with progress=true an over-limit upload ends in an error line and a cut stream, never a success", async () => {
    const progress: number[] = [];
    const error = await node.client.add(deterministicBytes(3 * LIMIT, 3), { progress: (bytes) => progress.push(bytes) }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(progress.length).toBeGreaterThan(0);

    const res = await postMultipart(node.apiUrl, [{ name: "p.bin", body: deterministicBytes(LIMIT + 300_000, 4) }], "?progress=true");
    expect(res.status).toBe(413); // Content-Length was known: refused before streaming started
  });

  it("stores a file part sent without a filename byte for byte (as `curl -F 'file=<img.png'` sends it)", async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]), Buffer.from(deterministicBytes(600_000, 5))]);
    const body = Buffer.concat([Buffer.from('--XYZ\r\nContent-Disposition: form-data; name="file"\r\n\r\n'), png, Buffer.from("\r\n--XYZ--\r\n")]);
    const res = await fetch(`${node.apiUrl}/api/v0/add`, { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=XYZ" }, body });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const added = JSON.parse(text) as { Hash: string; Size: string };
    const expected = await node.client.add(png);
    expect(added.Hash).toBe(expected.cid.toString());
    expect(Buffer.from(await collectBytes(node.client.cat(added.Hash))).equals(png)).toBe(true);
  });

  it("answers 400 to malformed multipart bodies and non-multipart requests", async () => {
    const truncated = await fetch(`${node.apiUrl}/api/v0/add`, {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=XYZ" },
      body: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: application/octet-stream\r\n\r\nhalf a file',
    });
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { Message: string }).Message).toMatch(/^malformed multipart request: /);
    const notMultipart = await fetch(`${node.apiUrl}/api/v0/add`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(notMultipart.status).toBe(400);
    const noBoundary = await fetch(`${node.apiUrl}/api/v0/add`, { method: "POST", headers: { "Content-Type": "multipart/form-data" }, body: "x" });
    expect(noBoundary.status).toBe(400);
    const empty = await fetch(`${node.apiUrl}/api/v0/add`, { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=XYZ" }, body: "--XYZ--\r\n" });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { Message: string }).Message).toContain('file argument "path" is required');
    const dotdot = await postMultipart(node.apiUrl, [{ name: "../escape.txt", body: "x" }]);
    expect(dotdot.status).toBe(400);
  });

  it("refuses an add that repeats a path or uses a file as a directory with 400 naming the path, as Kubo does", async () => {
    const cases: Array<{ parts: Array<{ name: string; body: string }>; path: string }> = [
      { parts: [{ name: "a.png", body: "first" }, { name: "a.png", body: "second" }], path: "a.png" },
      { parts: [{ name: "d/a.png", body: "first" }, { name: "d/a.png", body: "second" }], path: "d/a.png" },
      { parts: [{ name: "a", body: "file" }, { name: "a/b", body: "inside" }], path: "a" },
      { parts: [{ name: "a/b", body: "inside" }, { name: "a", body: "file" }], path: "a" },
    ];
    for (const { parts, path } of cases) {
      for (const query of ["?wrap-with-directory=true", ""]) {
        const res = await postMultipart(node.apiUrl, parts, query);
        const body = (await res.json()) as { Message: string };
        expect(res.status, `${parts.map((p) => p.name).join(" + ")} ${query}`).toBe(400);
        expect(body.Message).toContain(`directory already has entry by that name: "${path}"`);
        expect(body.Message).toContain("give each file a unique path");
      }
    }
  });

  it("still accepts a directory part followed by the files inside it", async () => {
    const res = await postMultipart(
      node.apiUrl,
      [
        { name: "d", body: "", contentType: "application/x-directory" },
        { name: "d/a.png", body: "a" },
        { name: "d/b.png", body: "b" },
      ],
      "?wrap-with-directory=true",
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const root = (await res.text()).trim().split("\n").map((line) => JSON.parse(line) as { Name: string; Hash: string }).find((line) => line.Name === "");
    const listed: string[] = [];
    for await (const entry of node.client.ls(`${root?.Hash}/d`)) listed.push(entry.name);
    expect(listed).toEqual(["a.png", "b.png"]);
  });

  it("answers 400 to bad CIDs and bad options, 404 at once to unknown CIDs", async () => {
    for (const command of ["cat", "ls", "block/get", "block/stat", "pin/add"]) {
      const res = await fetch(`${node.apiUrl}/api/v0/${command}?arg=QmNotACid`, { method: "POST" });
      expect([command, res.status]).toEqual([command, 400]);
      expect(((await res.json()) as { Message: string }).Message).toContain('invalid path "QmNotACid"');
    }
    const missing = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    for (const command of ["cat", "ls", "block/get", "block/stat"]) {
      const res = await fetch(`${node.apiUrl}/api/v0/${command}?arg=${missing}`, { method: "POST" });
      expect([command, res.status]).toEqual([command, 404]);
    }
    expect((await fetch(`${node.apiUrl}/api/v0/cat`, { method: "POST" })).status).toBe(400);
    expect((await fetch(`${node.apiUrl}/api/v0/add?cid-version=7`, { method: "POST" })).status).toBe(400);
    expect((await fetch(`${node.apiUrl}/api/v0/add?chunker=rabin`, { method: "POST" })).status).toBe(400);
    expect((await fetch(`${node.apiUrl}/api/v0/cat?arg=${missing}&offset=-1`, { method: "POST" })).status).toBe(400);
  });

  it("concurrent adds of identical content agree and leave one intact copy", async () => {
    const bytes = deterministicBytes(900_000, 77);
    const results = await Promise.all(Array.from({ length: 8 }, () => node.client.add(bytes)));
    expect(new Set(results.map((r) => r.cid.toString())).size).toBe(1);
    const cid = results[0]!.cid;
    expect(Buffer.compare(await collectBytes(node.client.cat(cid)), Buffer.from(bytes))).toBe(0);
    expect(await readdir(join(node.dataDir, "tmp"))).toEqual([]);
  });

  it("detects a truncated or corrupted block on disk: 404 + report + quarantine, re-add heals", async () => {
    const bytes = deterministicBytes(5000, 99);
    const { cid } = await node.client.add(bytes, { cidVersion: 1 });
    const file = node.node.blocks.pathOf(cid);
    await truncate(file, 100);
    const res = await fetch(`${node.apiUrl}/api/v0/cat?arg=${cid}`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(node.warnings.some((w) => w.includes(`corrupt block ${cid}`))).toBe(true);
    expect(node.node.corruptBlocks.map((r) => r.cid.toString())).toContain(cid.toString());
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
    expect((await readdir(join(node.dataDir, "corrupt"))).length).toBeGreaterThanOrEqual(1);

    await node.client.add(bytes, { cidVersion: 1 });
    expect(Buffer.compare(await collectBytes(node.client.cat(cid)), Buffer.from(bytes))).toBe(0);

    // Same length, flipped byte: the gateway refuses to serve it too.
    const original = await readFile(file);
    original[10] = (original[10] ?? 0) ^ 0xff;
    await writeFile(file, original);
    expect((await fetch(`${node.gatewayUrl}/ipfs/${cid}`)).status).toBe(404);
  });

  it("an upload cut off mid-way leaves only complete, verifiable blocks", async () => {
    const boundary = "CUT";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    const url = new URL(`${node.apiUrl}/api/v0/add`);
    const corruptBefore = node.node.corruptBlocks.length;
    const pinsBefore = node.node.pins.list().length;
    await new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` } });
      req.on("error", () => resolve());
      req.write(head);
      req.write(deterministicBytes(700_000, 5));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const shard of await readdir(join(node.dataDir, "blocks"))) {
      for (const name of await readdir(join(node.dataDir, "blocks", shard))) {
        const cid = cidFromBlockFile(name);
        await expect(node.node.blocks.getBytes(cid)).resolves.toBeInstanceOf(Uint8Array);
      }
    }
    expect(node.node.corruptBlocks.length).toBe(corruptBefore);
    expect(node.node.pins.list().length).toBe(pinsBefore);
  });
});

/** Block files are named by their base32 multihash; rebuild a CIDv1 raw to read them back. */
function cidFromBlockFile(name: string): CID {
  const multihash = base32Decode(name.replace(/\.data$/, "").toLowerCase());
  return CID.decode(Uint8Array.from([0x01, 0x55, ...multihash]));
}

function base32Decode(text: string): Uint8Array {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

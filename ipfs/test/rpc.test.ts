import { CID } from "multiformats/cid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, collectBytes, deterministicBytes, postMultipart, startTestNode, type TestNode } from "./helpers.js";

const HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
/** A well-formed CID of content no test adds. */
const NEVER_ADDED = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

async function rpc(node: TestNode, command: string, query = ""): Promise<Response> {
  return fetch(`${node.apiUrl}/api/v0/${command}${query}`, { method: "POST" });
}

function ndjson(text: string): Array<Record<string, unknown>> {
  return text.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("Kubo RPC through kubo-rpc-client", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => node.destroy());

  it("add: several files, nested paths, progress events with byte counts", async () => {
    const progress: Array<[number, string | undefined]> = [];
    const big = deterministicBytes(700_000, 2);
    const results = await collect(
      node.client.addAll(
        [
          { path: "set/a.txt", content: new TextEncoder().encode("a") },
          { path: "set/big.bin", content: big },
        ],
        { progress: (bytes, path) => progress.push([bytes, path]) },
      ),
    );
    expect(results.map((r) => r.path)).toEqual(["set/a.txt", "set/big.bin", "set"]);
    expect(progress.filter(([, path]) => path === "set/big.bin").at(-1)?.[0]).toBe(700_000);
    expect(progress.filter(([, path]) => path === "set/big.bin").length).toBeGreaterThanOrEqual(2);
    expect(progress.find(([, path]) => path === "set/a.txt")?.[0]).toBe(1);
  });

  it("add: pin=false does not pin, only-hash stores nothing", async () => {
    const unpinned = await node.client.add(deterministicBytes(1000, 11), { pin: false });
    expect(await collect(node.client.pin.ls({ paths: [unpinned.cid] })).catch((e: Error) => e.message)).toContain("not pinned");
    const hashed = await node.client.add(deterministicBytes(1000, 12), { onlyHash: true });
    expect(await node.node.blocks.has(hashed.cid)).toBe(false);
    await expect(collect(node.client.cat(hashed.cid))).rejects.toThrow(/not found/);
  });

  it("cat with offset and length", async () => {
    const bytes = deterministicBytes(600_000, 5);
    const { cid } = await node.client.add(bytes);
    expect(Buffer.compare(await collectBytes(node.client.cat(cid)), Buffer.from(bytes))).toBe(0);
    const slice = await collectBytes(node.client.cat(cid, { offset: 262_000, length: 1000 }));
    expect(Buffer.compare(slice, Buffer.from(bytes.subarray(262_000, 263_000)))).toBe(0);
    expect((await collectBytes(node.client.cat(cid, { offset: 599_990 }))).length).toBe(10);
  });

  it("cat of a path inside a directory, and of a directory (error)", async () => {
    const results = await collect(node.client.addAll([{ path: "d/x.txt", content: new TextEncoder().encode("xyz") }], { wrapWithDirectory: true }));
    const root = results.at(-1)?.cid;
    expect((await collectBytes(node.client.cat(`/ipfs/${root}/d/x.txt`))).toString()).toBe("xyz");
    await expect(collect(node.client.cat(`${root}/d`))).rejects.toThrow("this dag node is a directory");
  });

  it("ls lists a directory with names, types and sizes", async () => {
    const results = await collect(
      node.client.addAll([{ path: "l/one.txt", content: new TextEncoder().encode("one") }, { path: "l/sub" }, { path: "l/sub/two.txt", content: new TextEncoder().encode("two!") }]),
    );
    const dir = results.find((r) => r.path === "l");
    const entries = await collect(node.client.ls(dir!.cid));
    expect(entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ["one.txt", "file", 3],
      ["sub", "dir", 0],
    ]);
    const [file] = await collect(node.client.ls(results[0]!.cid));
    expect(file?.cid.toString()).toBe(results[0]!.cid.toString());
  });

  it("pin add / ls / rm, recursive and direct", async () => {
    const { cid } = await node.client.add(deterministicBytes(400_000, 21), { pin: false });
    expect((await node.client.pin.add(cid)).toString()).toBe(cid.toString());
    const listed = await collect(node.client.pin.ls({ paths: [cid] }));
    expect(listed.map((p) => [p.cid.toString(), p.type])).toEqual([[cid.toString(), "recursive"]]);
    const recursiveOnly = await collect(node.client.pin.ls({ type: "recursive" }));
    expect(recursiveOnly.every((p) => p.type === "recursive")).toBe(true);
    expect(recursiveOnly.map((p) => p.cid.toString())).toContain(cid.toString());
    const indirect = await collect(node.client.pin.ls({ type: "indirect" }));
    expect(indirect.length).toBeGreaterThanOrEqual(2);
    expect((await node.client.pin.rm(cid)).toString()).toBe(cid.toString());
    await expect(node.client.pin.rm(cid)).rejects.toThrow("not pinned");

    const { cid: direct } = await node.client.add(deterministicBytes(10, 22), { pin: false });
    await node.client.pin.add(direct, { recursive: false });
    expect((await collect(node.client.pin.ls({ paths: [direct] })))[0]?.type).toBe("direct");
  });

  it("pin add of an unknown CID fails at once (offline)", async () => {
    const started = Date.now();
    await expect(node.client.pin.add(CID.parse(NEVER_ADDED))).rejects.toThrow(/not found locally/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("block get / stat", async () => {
    await node.client.add("hello world\n");
    const bytes = await node.client.block.get(CID.parse(HELLO));
    expect(bytes.byteLength).toBe(20);
    expect(await node.client.block.stat(CID.parse(HELLO))).toEqual({ cid: CID.parse(HELLO), size: 20 });
  });

  it("version and id", async () => {
    const version = await node.client.version();
    expect(version.version).toBe("0.1.0");
    const id = await node.client.id();
    expect(id.id.toString()).toMatch(/^12D3KooW/);
    expect(id.addresses).toEqual([]);
  });
});

describe("Kubo RPC through plain fetch", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode();
  });
  afterAll(async () => node.destroy());

  it("add answers ndjson with string sizes, wrap-with-directory adds a root named \"\"", async () => {
    const res = await postMultipart(node.apiUrl, [{ name: "hello.txt", body: "hello world\n" }], "?wrap-with-directory=true&cid-version=0");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-chunked-output")).toBe("1");
    expect(ndjson(await res.text())).toEqual([
      { Name: "hello.txt", Hash: HELLO, Size: "20" },
      { Name: "", Hash: "QmfLiVjH2vujCVP2e75zyzBYmpcjktmDeU1YBz6Ct8BBsc", Size: "75" },
    ]);
  });

  it("add with progress streams Bytes lines before the result", async () => {
    const res = await postMultipart(node.apiUrl, [{ name: "p.bin", body: deterministicBytes(300_000, 4) }], "?progress=true");
    const lines = ndjson(await res.text());
    expect(lines.at(-2)).toEqual({ Name: "p.bin", Bytes: 300_000 });
    expect(lines.at(-1)?.Name).toBe("p.bin");
    expect(typeof lines.at(-1)?.Hash).toBe("string");
  });

  it("cat, ls, block/get, block/stat, pin/*, version, id", async () => {
    await postMultipart(node.apiUrl, [{ name: "h", body: "hello world\n" }]);
    const cat = await rpc(node, "cat", `?arg=${HELLO}&offset=6&length=5`);
    expect(cat.headers.get("x-stream-output")).toBe("1");
    expect(await cat.text()).toBe("world");
    expect(await (await rpc(node, "ls", `?arg=/ipfs/${HELLO}`)).json()).toEqual({ Objects: [{ Hash: HELLO, Links: [] }] });
    expect((await (await rpc(node, "block/get", `?arg=${HELLO}`)).arrayBuffer()).byteLength).toBe(20);
    expect(await (await rpc(node, "block/stat", `?arg=${HELLO}`)).json()).toEqual({ Key: HELLO, Size: 20 });
    expect(await (await rpc(node, "pin/ls", `?arg=${HELLO}`)).json()).toEqual({ Keys: { [HELLO]: { Type: "recursive" } } });
    expect(await (await rpc(node, "pin/rm", `?arg=${HELLO}`)).json()).toEqual({ Pins: [HELLO] });
    expect(await (await rpc(node, "pin/add", `?arg=${HELLO}&recursive=false`)).json()).toEqual({ Pins: [HELLO] });
    const streamed = await rpc(node, "pin/ls", "?stream=true&type=direct");
    expect(ndjson(await streamed.text())).toEqual([{ Cid: HELLO, Type: "direct" }]);
    expect(((await (await rpc(node, "version")).json()) as { Version: string }).Version).toBe("0.1.0");
    expect(((await (await rpc(node, "id")).json()) as { ID: string }).ID).toBe(node.node.identity.peerId);
  });

  it("GET on an RPC command is 405 with Kubo's JSON error, unknown commands 404", async () => {
    const get = await fetch(`${node.apiUrl}/api/v0/version`);
    expect(get.status).toBe(405);
    expect(await get.json()).toEqual({ Message: "method GET not allowed: use POST", Code: 1, Type: "error" });
    const unknown = await rpc(node, "swarm/connect");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ Message: 'unknown command "/api/v0/swarm/connect"', Code: 0, Type: "error" });
    const outside = await fetch(`${node.apiUrl}/webui`, { method: "POST" });
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as { Type: string }).Type).toBe("error");
  });
});

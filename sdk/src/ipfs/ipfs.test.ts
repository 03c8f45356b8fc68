import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIpfsNode, type RunningIpfsNode } from "@crowdlabel/ipfs";
import { computeCid } from "./computeCid.ts";
import { fetchVerified } from "./fetchVerified.ts";
import { uploadFiles, pinCid, createIpfsClient } from "./uploadFiles.ts";
import { uploadFolder } from "./uploadFolder.ts";
import { fetchImage, fetchManifest } from "./fetchTaskFiles.ts";
import { CidMismatchError, ContentTooLargeError, InvalidCidError, IpfsRequestError, IpfsUnreachableError } from "./errors.ts";
import { ipfsConfigFromEnv, type IpfsConfig } from "./ipfsConfig.ts";
import { withRetry } from "./withRetry.ts";
import { readImageInfo } from "./readImageInfo.ts";
import { exampleManifest } from "../manifest/exampleManifest.ts";
import { MAX_IMAGE_BYTES, MAX_MANIFEST_BYTES } from "../manifest/taskManifestSchema.ts";

const fastRetry = { retries: 2, baseDelayMs: 5, maxDelayMs: 10 };

describe("computeCid", () => {
  it("reproduces Kubo's CIDs (hello world test vector, v0 and v1)", async () => {
    const bytes = new TextEncoder().encode("hello world\n");
    expect(await computeCid(bytes, { cidVersion: 0, rawLeaves: false })).toBe("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    expect(await computeCid(bytes)).toBe("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
  });
});

describe("ipfsConfigFromEnv", () => {
  it("reads the environment with local defaults", () => {
    expect(ipfsConfigFromEnv({})).toEqual({ apiUrl: "http://127.0.0.1:5001", gatewayUrl: "http://127.0.0.1:8080" });
    expect(ipfsConfigFromEnv({ IPFS_API_URL: "https://api.example/", IPFS_GATEWAY_URL: "https://gw.example", IPFS_API_AUTH: "Bearer t" })).toEqual({
      apiUrl: "https://api.example",
      gatewayUrl: "https://gw.example",
      authHeader: "Bearer t",
    });
  });
});

describe("withRetry", () => {
  it("backs off and succeeds, or rethrows the last error", async () => {
    const delays: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        if (++calls < 3) throw new Error(`fail ${calls}`);
        return "ok";
      },
      { retries: 3, baseDelayMs: 4, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(value).toBe("ok");
    expect(delays).toHaveLength(2);
    expect(delays[1]!).toBeGreaterThan(delays[0]! * 1.1);
    await expect(withRetry(async () => Promise.reject(new Error("always")), { retries: 1, baseDelayMs: 1 })).rejects.toThrow("always");
    let tried = 0;
    await expect(withRetry(async () => Promise.reject(new Error(`n${++tried}`)), { retries: 5, baseDelayMs: 1, shouldRetry: () => false })).rejects.toThrow("n1");
  });
});

describe("readImageInfo", () => {
  it("reads PNG and GIF headers", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 0, 64, 8, 6, 0, 0, 0]);
    expect(readImageInfo(png)).toEqual({ mediaType: "image/png", width: 256, height: 64 });
    const gif = Uint8Array.from([...new TextEncoder().encode("GIF89a"), 10, 0, 20, 0]);
    expect(readImageInfo(gif)).toEqual({ mediaType: "image/gif", width: 10, height: 20 });
    expect(readImageInfo(new Uint8Array(40))).toBeNull();
  });

  it("reads a JPEG SOF marker", () => {
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 30, 0, 40, 3, 0, 0, 0, 0, 0]);
    expect(readImageInfo(jpeg)).toEqual({ mediaType: "image/jpeg", width: 40, height: 30 });
  });
});

describe("against the embedded IPFS node", () => {
  let node: RunningIpfsNode;
  let config: IpfsConfig;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "sdk-ipfs-"));
    node = await startIpfsNode({ apiPort: 0, gatewayPort: 0, dataDir: join(dataDir, "repo"), log: { info() {}, warn() {} } });
    config = { apiUrl: node.apiUrl, gatewayUrl: node.gatewayUrl };
  });
  afterAll(async () => {
    await node?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("uploads files with progress, and fetches them back verified (small raw and large chunked)", async () => {
    const small = new TextEncoder().encode("hello world\n");
    const large = new Uint8Array(700_000).map((_, i) => (i * 13) & 0xff);
    const progress: number[] = [];
    const uploaded = await uploadFiles({
      config,
      files: [
        { path: "a.txt", content: small },
        { path: "big.bin", content: new Blob([large]) },
      ],
      onProgress: (p) => progress.push(p.bytesDone),
    });
    expect(uploaded).toEqual([
      { path: "a.txt", cid: "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", size: 12 },
      { path: "big.bin", cid: await computeCid(large), size: 700_000 },
    ]);
    expect(uploaded[1]!.cid.startsWith("bafybei")).toBe(true);
    expect(progress.at(-1)).toBe(700_012);
    expect(await fetchVerified({ config, cid: uploaded[0]!.cid })).toEqual(small);
    expect(await fetchVerified({ config, cid: uploaded[1]!.cid })).toEqual(large);
    const pins: string[] = [];
    for await (const pin of createIpfsClient(config).pin.ls()) pins.push(pin.cid.toString());
    expect(pins).toEqual(expect.arrayContaining(uploaded.map((u) => u.cid)));
  });

  it("verifies CIDv0 content and pins by CID", async () => {
    const client = createIpfsClient(config);
    const { cid } = await client.add(new TextEncoder().encode("hello world\n"), { cidVersion: 0, pin: false });
    expect(cid.toString()).toBe("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    expect(new TextDecoder().decode(await fetchVerified({ config, cid: cid.toString() }))).toBe("hello world\n");
    await pinCid({ config, cid: cid.toString() });
  });

  it("uploads a folder (dot-files skipped) and fetches a manifest", async () => {
    const folder = join(dataDir, "images");
    await mkdir(join(folder, "sub"), { recursive: true });
    await writeFile(join(folder, "b.png"), "b");
    await writeFile(join(folder, "sub", "a.png"), "a");
    await writeFile(join(folder, ".DS_Store"), "x");
    const uploaded = await uploadFolder({ config, folder });
    expect(uploaded.map((u) => u.path)).toEqual(["b.png", "sub/a.png"]);
    const manifest = exampleManifest();
    const [uploadedManifest] = await uploadFiles({ config, files: [{ path: "manifest.json", content: new TextEncoder().encode(JSON.stringify(manifest)) }] });
    expect(await fetchManifest({ config, cid: uploadedManifest!.cid })).toEqual(manifest);
  });

  it("reports a missing CID as a request error without retrying forever", async () => {
    const cid = await computeCid(new TextEncoder().encode("never added"));
    await expect(fetchVerified({ config, cid, retry: fastRetry, timeoutMs: 5000 })).rejects.toBeInstanceOf(IpfsRequestError);
  });
});

describe("failures", () => {
  let liar: Server;
  let liarUrl: string;
  beforeAll(async () => {
    // a gateway that serves the wrong bytes for every CID
    liar = createServer((_, res) => res.end("not the content you asked for"));
    await new Promise<void>((r) => liar.listen(0, "127.0.0.1", r));
    liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => liar.close(() => r())));

  it("rejects content that does not match its CID (raw and dag-pb)", async () => {
    const config = { apiUrl: liarUrl, gatewayUrl: liarUrl };
    await expect(fetchVerified({ config, cid: "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4" })).rejects.toBeInstanceOf(CidMismatchError);
    await expect(fetchVerified({ config, cid: "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o" })).rejects.toThrow(/does not match CID QmT78/);
  });

  it("refuses an unparseable CID before asking the gateway", async () => {
    const error = await fetchVerified({ config: { apiUrl: liarUrl, gatewayUrl: liarUrl }, cid: "not-a-cid" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidCidError);
    expect(error).toMatchObject({ cid: "not-a-cid", shortMessage: "Invalid CID not-a-cid." });
  });

  it("refuses content larger than maxBytes, whether or not its length is declared", async () => {
    // /declared/…: a Content-Length over the 64 MiB manifest cap (the body is never sent); otherwise 300 kB chunked
    const big = createServer((req, res) => {
      if (req.url!.startsWith("/declared/")) return void res.writeHead(200, { "content-length": String(MAX_MANIFEST_BYTES + 1) }).flushHeaders();
      for (let i = 0; i < 30; i++) res.write(new Uint8Array(10_000));
      res.end();
    });
    await new Promise<void>((r) => big.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(big.address() as AddressInfo).port}`;
    try {
      const cid = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
      const streamed = await fetchVerified({ config: { apiUrl: url, gatewayUrl: url }, cid, maxBytes: 100_000 }).catch((e: unknown) => e);
      expect(streamed).toBeInstanceOf(ContentTooLargeError);
      expect(streamed).toMatchObject({ cid, maxBytes: 100_000, shortMessage: `Content of ${cid} is larger than the 0.1 MiB allowed.`, details: `${url}/ipfs/${cid} served more than 100000 bytes.` });
      // fetchManifest applies MAX_MANIFEST_BYTES unless told otherwise
      const declared = await fetchManifest({ config: { apiUrl: url, gatewayUrl: `${url}/declared` }, cid }).catch((e: unknown) => e);
      expect(declared).toBeInstanceOf(ContentTooLargeError);
      expect(declared).toMatchObject({ maxBytes: MAX_MANIFEST_BYTES, shortMessage: `Content of ${cid} is larger than the 64 MiB allowed.` });
      // and fetchImage MAX_IMAGE_BYTES
      const image = await fetchImage({ config: { apiUrl: url, gatewayUrl: `${url}/declared` }, cid }).catch((e: unknown) => e);
      expect(image).toBeInstanceOf(ContentTooLargeError);
      expect(image).toMatchObject({ maxBytes: MAX_IMAGE_BYTES, shortMessage: `Content of ${cid} is larger than the 10 MiB allowed.` });
    } finally {
      big.closeAllConnections();
      await new Promise<void>((r) => big.close(() => r()));
    }
  });

  it("retries a node that takes the connection but never answers, then names its URL", async () => {
    const silent = createServer(() => {}); // reads the request, never answers
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const config = { apiUrl: url, gatewayUrl: url };
    const cid = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    try {
      const fetched = await fetchVerified({ config, cid, timeoutMs: 100, retry: fastRetry }).catch((e: unknown) => e);
      expect(fetched).toBeInstanceOf(IpfsUnreachableError);
      expect((fetched as IpfsUnreachableError).shortMessage).toBe(`IPFS node unreachable at ${url}/ipfs/${cid} (after 3 attempts).`);
      const uploaded = await uploadFiles({ config, files: [{ path: "x", content: new Uint8Array([1]) }], idleTimeoutMs: 100, retry: fastRetry }).catch((e: unknown) => e);
      expect(uploaded).toBeInstanceOf(IpfsUnreachableError);
      expect((uploaded as IpfsUnreachableError).shortMessage).toBe(`IPFS node unreachable at ${url}/api/v0/add (after 3 attempts).`);
      expect((uploaded as IpfsUnreachableError).details).toContain("The IPFS node sent nothing for 0.1 s");
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("reports an upload the node cuts off after it started (its size limit) as a request error naming the limit", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "sdk-ipfs-limit-"));
    const node = await startIpfsNode({ apiPort: 0, gatewayPort: 0, dataDir, maxUploadBytes: 1024 * 1024, log: { info() {}, warn() {} } });
    try {
      const config = { apiUrl: node.apiUrl, gatewayUrl: node.gatewayUrl };
      const error = await uploadFiles({ config, files: [{ path: "big.bin", content: new Uint8Array(3_000_000) }], retry: fastRetry }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IpfsRequestError);
      expect((error as IpfsRequestError).details).toContain("cut off the upload of big.bin (3,000,000 bytes)");
      expect((error as IpfsRequestError).details).toContain("IPFS_MAX_UPLOAD_BYTES");
    } finally {
      await node.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("rethrows the caller's abort reason when an upload or a fetch is cancelled, without retrying", async () => {
    let requests = 0;
    let cancel: (() => void) | undefined;
    // takes each request and never answers; the caller cancels once the request has arrived
    const silent = createServer((req) => {
      requests += 1;
      req.resume();
      cancel?.();
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const config = { apiUrl: url, gatewayUrl: url };
    const cancelOnArrival = (reason?: unknown) => {
      const controller = new AbortController();
      cancel = () => controller.abort(reason);
      return controller.signal;
    };
    const cid = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    try {
      const reason = new Error("the user pressed Cancel");
      const upload = await uploadFiles({ config, files: [{ path: "x", content: new Uint8Array([1]) }], retry: fastRetry, signal: cancelOnArrival(reason) }).catch((e: unknown) => e);
      expect(upload).toBe(reason);
      expect(requests).toBe(1);

      const signal = cancelOnArrival();
      const fetched = await fetchVerified({ config, cid, retry: fastRetry, signal }).catch((e: unknown) => e);
      expect(fetched).toBe(signal.reason);
      expect((fetched as DOMException).name).toBe("AbortError");
      expect(requests).toBe(2);

      expect(await fetchVerified({ config, cid, signal: AbortSignal.abort(reason) }).catch((e: unknown) => e)).toBe(reason);
      expect(requests).toBe(2);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it("names the URL when the node is unreachable, after retrying", async () => {
    const dead = "http://127.0.0.1:9"; // discard port: nothing listens
    const config = { apiUrl: dead, gatewayUrl: dead };
    const retries: number[] = [];
    const error = await fetchVerified({ config, cid: "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o", retry: { ...fastRetry, onRetry: (r) => retries.push(r.attempt) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpfsUnreachableError);
    expect((error as IpfsUnreachableError).shortMessage).toBe(`IPFS node unreachable at ${dead}/ipfs/QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o (after 3 attempts).`);
    expect(retries).toEqual([1, 2]);
    const upload = await uploadFiles({ config, files: [{ path: "x", content: new Uint8Array([1]) }], retry: fastRetry }).catch((e: unknown) => e);
    expect(upload).toBeInstanceOf(IpfsUnreachableError);
    expect((upload as IpfsUnreachableError).url).toBe(`${dead}/api/v0/add`);
  });
});

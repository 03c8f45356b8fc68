import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, type KuboRPCClient } from "kubo-rpc-client";
import { startIpfsNode, type RunningIpfsNode, type StartIpfsNodeOptions } from "../src/index.js";

export interface TestNode extends RunningIpfsNode {
  client: KuboRPCClient;
  dataDir: string;
  warnings: string[];
  /** Stops the node and deletes its data dir. */
  destroy(): Promise<void>;
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "crowdlabel-ipfs-test-"));
}

/** A node on free ports with its own temp data dir and a log that records warnings. */
export async function startTestNode(options: StartIpfsNodeOptions = {}): Promise<TestNode> {
  const dataDir = options.dataDir ?? (await makeDataDir());
  const warnings: string[] = [];
  const running = await startIpfsNode({
    apiPort: 0,
    gatewayPort: 0,
    log: { info: () => {}, warn: (message) => warnings.push(message) },
    ...options,
    dataDir,
  });
  return {
    ...running,
    client: create({ url: running.apiUrl }),
    dataDir,
    warnings,
    destroy: async () => {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Deterministic pseudo-random bytes (xorshift), so multi-chunk vectors are reproducible. */
export function deterministicBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export async function collectBytes(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

export async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** POSTs a hand-made multipart body to /api/v0/add with plain fetch. */
export async function postMultipart(
  apiUrl: string,
  parts: Array<{ name: string; body: Uint8Array | string; contentType?: string }>,
  query = "",
): Promise<Response> {
  const form = new FormData();
  for (const part of parts) {
    form.append("file", new Blob([typeof part.body === "string" ? part.body : Buffer.from(part.body)], { type: part.contentType ?? "application/octet-stream" }), encodeURIComponent(part.name));
  }
  return fetch(`${apiUrl}/api/v0/add${query}`, { method: "POST", body: form });
}

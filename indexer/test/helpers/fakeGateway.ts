import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { computeCid, exampleManifest, type TaskManifestInput } from "@crowdlabel/sdk";

export type FakeGateway = {
  url: string;
  /** Serves `bytes` under their CID (CIDv1 raw). */
  publish(bytes: Uint8Array): Promise<string>;
  /** While set, every request gets this status (and no content). */
  forceStatus(status: number | null): void;
  /** While set, every request gets this Content-Length header and no body. */
  declareLength(length: number | null): void;
  close(): Promise<void>;
};

/** A trustless gateway on a free port serving what `publish` was given. */
export async function startFakeGateway(): Promise<FakeGateway> {
  const blobs = new Map<string, Uint8Array>();
  let forced: number | null = null;
  let declared: number | null = null;
  const server = createServer((req, res) => {
    if (forced !== null) return void res.writeHead(forced).end("missing or invalid token");
    if (declared !== null) return void res.writeHead(200, { "content-length": String(declared) }).flushHeaders();
    const cid = req.url!.split("/ipfs/")[1]?.split("?")[0] ?? "";
    const bytes = blobs.get(cid);
    if (!bytes) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/octet-stream" }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async publish(bytes) {
      const cid = await computeCid(bytes);
      blobs.set(cid, bytes);
      return cid;
    },
    forceStatus: (status) => void (forced = status),
    declareLength: (length) => void (declared = length),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Points the indexer's configuration (read once, on first use) at `gateway` and a fresh data dir; returns a cleanup. */
export function useIndexerEnv(gateway: FakeGateway): () => void {
  const dataDir = mkdtempSync(join(tmpdir(), "crowdlabel-indexer-unit-"));
  process.env.IPFS_GATEWAY_URL = gateway.url;
  process.env.INDEXER_DATA_DIR = dataDir;
  process.env.CROWDLABEL_ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  return () => rmSync(dataDir, { recursive: true, force: true });
}

/** The example manifest with `itemCount` items, distinct per call (so each gets its own CID). */
let published = 0;
/** A fake gateway for the test file, with the indexer's environment pointed at it; stopped and restored after. */
export function useFakeGateway(): () => FakeGateway {
  let gateway: FakeGateway | undefined;
  let restoreEnv: (() => void) | undefined;
  beforeAll(async () => {
    gateway = await startFakeGateway();
    restoreEnv = useIndexerEnv(gateway);
  });
  afterAll(async () => {
    await gateway?.close();
    restoreEnv?.();
  });
  return () => {
    if (!gateway) throw new Error("the fake gateway starts in beforeAll");
    return gateway;
  };
}

export function manifestBytes(itemCount: number, edit: (m: TaskManifestInput) => void = () => {}): Uint8Array {
  const m: TaskManifestInput = exampleManifest();
  m.title = `manifest ${++published} of ${itemCount} items`;
  m.items = Array.from({ length: itemCount }, () => ({ ...m.items[0]! }));
  edit(m);
  return new TextEncoder().encode(JSON.stringify(m));
}

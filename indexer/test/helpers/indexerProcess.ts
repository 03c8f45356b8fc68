import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort } from "@crowdlabel/sdk/devchain";
import type { Deployment } from "@crowdlabel/sdk/devchain";
import { indexerRoot } from "../../src/config/loadIndexerConfig.ts";

export type IndexerProcess = {
  url: string;
  port: number;
  /** Ponder's own server (`/metrics`, `/ready`, `/status`). */
  ponderPort: number;
  child: ChildProcess;
  logs: string[];
  get<T = unknown>(path: string): Promise<{ status: number; body: T; headers: Headers }>;
  /** Resolves once /health reports indexedBlock >= `block` (default: the chain head). */
  waitForBlock(block: bigint | number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export type StartIndexerOptions = {
  deployment: Deployment;
  rpcUrl: string;
  gatewayUrl: string;
  dataDir: string;
  databaseUrl?: string;
  schema?: string;
  env?: Record<string, string>;
  logLevel?: "warn" | "info" | "debug";
};

/** Runs `ponder start` as the package's start script does, on free ports, and waits for /health. */
export async function startIndexer(options: StartIndexerOptions): Promise<IndexerProcess> {
  const port = await freePort();
  const ponderPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHAIN_ID: String(options.deployment.chainId),
    RPC_URL: options.rpcUrl,
    CROWDLABEL_ADDRESS: options.deployment.crowdlabel,
    START_BLOCK: String(options.deployment.startBlock),
    INDEXER_DATA_DIR: options.dataDir,
    IPFS_GATEWAY_URL: options.gatewayUrl,
    INDEXER_PORT: String(port),
    PONDER_TELEMETRY_DISABLED: "true",
    POLLING_INTERVAL_MS: "200",
    MANIFEST_FETCH_ATTEMPTS: "2",
    DATABASE_URL: options.databaseUrl ?? "",
    ...options.env,
  };
  delete env.DEPLOYMENT_FILE;
  const child = spawn(
    join(indexerRoot, "node_modules", ".bin", "ponder"),
    ["start", "--schema", options.schema ?? "crowdlabel", "--port", String(ponderPort), "--log-format", "json", "--log-level", options.logLevel ?? "warn"],
    { cwd: indexerRoot, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const logs: string[] = [];
  const keep = (chunk: Buffer) => {
    logs.push(chunk.toString());
    if (logs.length > 400) logs.splice(0, logs.length - 400);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const get = async <T,>(path: string) => {
    const response = await fetch(`${url}${path}`);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (exports)
    }
    return { status: response.status, body: body as T, headers: response.headers };
  };
  const indexer: IndexerProcess = {
    url,
    port,
    ponderPort,
    child,
    logs,
    get,
    async waitForBlock(block, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`indexer exited (${child.exitCode}):\n${logs.join("").slice(-4000)}`);
        try {
          const { body } = await get<{ indexedBlock: number | null }>("/health");
          last = body;
          if (body.indexedBlock !== null && body.indexedBlock >= Number(block)) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`indexer did not reach block ${block}; last health ${JSON.stringify(last)}\n${logs.join("").slice(-4000)}`);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 8_000).unref();
      }),
  };
  return indexer;
}

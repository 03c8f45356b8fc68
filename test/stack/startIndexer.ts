import { createWriteStream } from "node:fs";
import { join } from "node:path";
import type { IndexerHealth } from "@crowdlabel/sdk";
import { freePort, repoRoot } from "@crowdlabel/sdk/devchain";
import { spawnGroup, type GroupProcess } from "./processGroup.ts";
import { waitFor } from "./waitFor.ts";

export type RunningIndexer = {
  url: string;
  process: GroupProcess;
  /** Whether it reported an indexed block before startIndexer resolved (always, unless started `optional`). */
  ready: boolean;
  health(): Promise<IndexerHealth>;
  /** Resolves once the indexer has indexed `block` (default: the current chain head it reports). */
  waitForBlock(block?: bigint | number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export type StartIndexerOptions = {
  /** Everything the indexer reads from its environment (CHAIN_ID, RPC_URL, CROWDLABEL_ADDRESS or DEPLOYMENT_FILE, ...; see indexerEnv). */
  env: Record<string, string>;
  port?: number;
  /** How long to wait for /health to report an indexed block; default 90 s. */
  timeoutMs?: number;
  /** `ponder start` (default: as an operator runs it, warnings only) or `ponder dev` (reloads on source changes, Ponder's full log). */
  command?: "start" | "dev";
  /** Also write everything it prints to this file. */
  logFile?: string;
  /** Not ready in time (or exited): resolve anyway with `ready: false`, leaving it running, instead of stopping it and throwing. */
  optional?: boolean;
  /** Stops it and rejects while it starts. */
  signal?: AbortSignal;
};

/** Runs the indexer (`ponder start` through indexer/scripts/ponder.mjs) as an operator would, configured only by environment. */
export async function startIndexer(options: StartIndexerOptions): Promise<RunningIndexer> {
  const port = options.port || (await freePort());
  // Ponder's own server (reserved /health, /metrics) needs a port too; the API is on INDEXER_PORT.
  const ponderPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: "",
    ...options.env,
    INDEXER_PORT: String(port),
    PONDER_PORT: String(ponderPort),
  };
  if (options.env.CROWDLABEL_ADDRESS) delete env.DEPLOYMENT_FILE;
  const args = options.command === "dev" ? ["dev"] : ["start", "--log-level", "warn"];
  // The package's own scripts (`pnpm --filter @crowdlabel/indexer start` / `dev`), as an operator or developer runs them.
  const proc = spawnGroup(process.execPath, [join(repoRoot(), "indexer", "scripts", "ponder.mjs"), ...args], {
    cwd: join(repoRoot(), "indexer"),
    env,
  });
  if (options.logFile) {
    const log = createWriteStream(options.logFile);
    proc.child.stdout?.pipe(log, { end: false });
    proc.child.stderr?.pipe(log, { end: false });
    proc.child.once("close", () => log.end());
  }
  const url = `http://127.0.0.1:${port}`;
  const health = async (): Promise<IndexerHealth> => {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    return (await response.json()) as IndexerHealth;
  };
  const exited = () =>
    proc.child.exitCode === null ? undefined : new Error(`the indexer exited with code ${proc.child.exitCode}:\n${proc.output().slice(-4000)}`);
  const exitedOrAborted = () => (options.signal?.aborted ? new Error("the indexer's start was aborted") : exited());
  const indexer: RunningIndexer = {
    url,
    process: proc,
    ready: false,
    health,
    async waitForBlock(block, timeoutMs = 60_000) {
      let target = block === undefined ? undefined : Number(block);
      await waitFor(
        async () => {
          const h = await health();
          target ??= h.latestBlock ?? undefined;
          return target !== undefined && h.indexedBlock !== null && h.indexedBlock >= target;
        },
        { what: `the indexer to reach block ${target ?? "head"}`, timeoutMs, abortIf: exited, details: () => proc.output().slice(-3000) },
      );
    },
    stop: () => proc.stop(),
  };
  try {
    await waitFor(async () => (await health()).indexedBlock !== null, {
      what: `the indexer's /health at ${url}`,
      timeoutMs: options.timeoutMs ?? 90_000,
      abortIf: exitedOrAborted,
      details: () => proc.output().slice(-4000),
    });
    indexer.ready = true;
  } catch (error) {
    if (options.optional && !options.signal?.aborted) return indexer;
    await proc.stop();
    throw error;
  }
  return indexer;
}

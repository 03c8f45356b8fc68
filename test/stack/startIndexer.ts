import { join } from "node:path";
import { freePort, repoRoot } from "@crowdlabel/sdk/devchain";
import { spawnGroup, type GroupProcess } from "./processGroup.ts";
import { waitFor } from "./waitFor.ts";

export type IndexerHealth = {
  status: "ok" | "degraded";
  chainId: number;
  latestBlock: number | null;
  indexedBlock: number | null;
  lagBlocks: number | null;
};

export type RunningIndexer = {
  url: string;
  process: GroupProcess;
  health(): Promise<IndexerHealth>;
  /** Resolves once the indexer has indexed `block` (default: the current chain head it reports). */
  waitForBlock(block?: bigint | number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

export type StartIndexerOptions = {
  /** Everything the indexer reads from its environment (CHAIN_ID, RPC_URL, CROWDLABEL_ADDRESS or DEPLOYMENT_FILE, ...). */
  env: Record<string, string>;
  port?: number;
  timeoutMs?: number;
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
  // The package's own start script (`pnpm --filter @crowdlabel/indexer start`), as an operator runs it.
  const proc = spawnGroup(process.execPath, [join(repoRoot(), "indexer", "scripts", "ponder.mjs"), "start", "--log-level", "warn"], {
    cwd: join(repoRoot(), "indexer"),
    env,
  });
  const url = `http://127.0.0.1:${port}`;
  const health = async (): Promise<IndexerHealth> => {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    return (await response.json()) as IndexerHealth;
  };
  const exited = () =>
    proc.child.exitCode === null ? undefined : new Error(`the indexer exited with code ${proc.child.exitCode}:\n${proc.output().slice(-4000)}`);
  const indexer: RunningIndexer = {
    url,
    process: proc,
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
      abortIf: exited,
      details: () => proc.output().slice(-4000),
    });
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return indexer;
}

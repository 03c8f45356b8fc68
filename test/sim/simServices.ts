import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetchManifest, uploadFiles, type IpfsConfig, type TaskManifest } from "@crowdlabel/sdk";
import type { Deployment, RunningAnvil } from "@crowdlabel/sdk/devchain";
import { startIpfsNode } from "@crowdlabel/ipfs";
import { indexerEnv } from "../stack/indexerEnv.ts";
import { startIndexer, type RunningIndexer } from "../stack/startIndexer.ts";
import { SimulationError } from "./SimulationError.ts";
import { manifestFile } from "./simManifest.ts";
import type { TaskPlan } from "./TaskPlan.ts";

/** The indexer either answers or says why not (the report labels the fallback with the reason). */
export type IndexerState = { indexer: RunningIndexer; startedAt: number; readyAt: number } | { error: string };

/** The parts of the stack a simulation run starts next to its chain: the embedded IPFS node and the indexer. */
export type SimServices = {
  ipfs: IpfsConfig;
  /** Uploads a task's manifest (sdk `uploadFiles`) and checks the node gives it the CID the task is created with. */
  publish(plan: TaskPlan): Promise<string>;
  /** Fetches and validates a manifest from the node (sdk `fetchManifest`), as the CLI's export does. */
  loadManifest(cid: string): Promise<TaskManifest>;
  /** Resolves once the indexer's API answers, or with the reason it did not start. */
  indexer: Promise<IndexerState>;
  stop(): Promise<void>;
};

const quiet = { info: () => {}, warn: () => {} };

/**
 * Starts the embedded IPFS node (awaited) and the indexer against the simulation chain (not awaited: Ponder
 * needs half a minute to start, which the replay uses). The indexer is launched by the e2e stack's
 * `startIndexer` (`ponder start` as an operator runs it, configured by environment only), with the
 * environment `startStack` gives it (`indexerEnv`).
 */
export async function startSimServices(options: { anvil: RunningAnvil; deployment: Deployment; log: (line: string) => void }): Promise<SimServices> {
  const dataDir = mkdtempSync(join(tmpdir(), "crowdlabel-sim-"));
  const node = await startIpfsNode({ apiPort: 0, gatewayPort: 0, dataDir: join(dataDir, "ipfs"), log: quiet });
  const ipfs: IpfsConfig = { apiUrl: node.apiUrl, gatewayUrl: node.gatewayUrl };
  options.log(`IPFS node ${node.apiUrl} / ${node.gatewayUrl}`);
  const startedAt = Date.now();
  const indexer: Promise<IndexerState> = startIndexer({
    env: indexerEnv({ chainId: options.anvil.chainId, rpcUrl: options.anvil.rpcUrl, ipfs, dataDir: join(dataDir, "indexer"), deployment: options.deployment }),
    timeoutMs: 240_000,
  }).then(
    (running): IndexerState => {
      options.log(`indexer ${running.url} answered after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
      return { indexer: running, startedAt, readyAt: Date.now() };
    },
    (error: unknown): IndexerState => {
      const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      options.log(`INDEXER DID NOT START: ${message}`);
      return { error: message };
    },
  );
  return {
    ipfs,
    async publish(plan) {
      const { bytes, cid } = await manifestFile(plan);
      const [uploaded] = await uploadFiles({ config: ipfs, files: [{ path: "manifest.json", content: bytes }] });
      if (uploaded?.cid !== cid) throw new SimulationError(`The IPFS node stored the manifest of ${plan.tag} as ${uploaded?.cid}, expected ${cid}.`);
      return cid;
    },
    loadManifest: (cid) => fetchManifest({ config: ipfs, cid }),
    indexer,
    async stop() {
      const state = await indexer;
      if ("indexer" in state) await state.indexer.stop();
      await node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ipfsConfigFromEnv, type IpfsConfig } from "@crowdlabel/sdk";
import { getAddress, isAddress, type Address } from "viem";
import { IndexerConfigError } from "./IndexerConfigError.ts";

export type IndexerConfig = {
  chainId: number;
  rpcUrl: string;
  /**
   * How many times RPC_URL is handed to Ponder's RPC load balancer. Ponder rate-limits each endpoint
   * adaptively, starting at 20 requests/s and raising the limit 5% at a time; a node on this machine
   * answers far more, so loopback URLs get 8 (default), remote providers 1.
   */
  rpcClients: number;
  crowdlabel: Address;
  startBlock: number;
  /** Where the deployment came from (file path or "env"). */
  deploymentSource: string;
  databaseUrl: string | undefined;
  /** Per-instance directory: PGlite files and the content-addressed manifest cache. */
  dataDir: string;
  /** IPFS_GATEWAY_URL (content is fetched here, verified against its CID), IPFS_API_URL, IPFS_API_AUTH. */
  ipfs: IpfsConfig;
  port: number;
  /** Seconds per item below which a commit counts as "faster than humanly possible". */
  minSecondsPerItem: number;
  pollingIntervalMs: number;
};

type DeploymentFile = { chainId: number | string; crowdlabel: string; startBlock?: number | string };

/** The indexer package folder (holds ponder.config.ts). */
export const indexerRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const repoRoot = resolve(indexerRoot, "..");

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new IndexerConfigError(`${name} is not a number`, `${name}=${raw}; set a non-negative number.`);
  return value;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

function isLoopback(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

function readDeployment(path: string): DeploymentFile {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as DeploymentFile;
  } catch (error) {
    throw new IndexerConfigError(`Cannot read the deployment file ${path}`, (error as Error).message);
  }
}

/**
 * Reads the indexer's settings from the environment with local defaults. The contract comes from
 * CROWDLABEL_ADDRESS (+ START_BLOCK), else DEPLOYMENT_FILE, else `.crowdlabel/deployments/<chainId>.json`
 * or `contracts/deployments/<chainId>.json` at the repository root.
 */
export function loadIndexerConfig(env: NodeJS.ProcessEnv = process.env): IndexerConfig {
  let chainId = intFrom(env, "CHAIN_ID", 31337);
  let crowdlabel: string | undefined = env.CROWDLABEL_ADDRESS || undefined;
  let startBlock = intFrom(env, "START_BLOCK", 0);
  let deploymentSource = "env";
  if (!crowdlabel) {
    const candidates = env.DEPLOYMENT_FILE
      ? [isAbsolute(env.DEPLOYMENT_FILE) ? env.DEPLOYMENT_FILE : resolve(process.cwd(), env.DEPLOYMENT_FILE)]
      : [join(repoRoot, ".crowdlabel", "deployments", `${chainId}.json`), join(repoRoot, "contracts", "deployments", `${chainId}.json`)];
    const found = candidates.find((p) => existsSync(p));
    if (!found)
      throw new IndexerConfigError(
        "No Crowdlabel deployment configured",
        `Set CROWDLABEL_ADDRESS (and START_BLOCK), or DEPLOYMENT_FILE; looked for ${candidates.join(", ")}.`,
      );
    const deployment = readDeployment(found);
    crowdlabel = deployment.crowdlabel;
    if (env.CHAIN_ID === undefined || env.CHAIN_ID === "") chainId = Number(deployment.chainId);
    else if (Number(deployment.chainId) !== chainId)
      throw new IndexerConfigError("Deployment is for another chain", `${found} is for chain ${deployment.chainId}, CHAIN_ID is ${chainId}.`);
    if (env.START_BLOCK === undefined || env.START_BLOCK === "") startBlock = Number(deployment.startBlock ?? 0);
    deploymentSource = found;
  }
  if (!isAddress(crowdlabel)) throw new IndexerConfigError("Invalid Crowdlabel address", `${crowdlabel} is not an address.`);
  const dataDir = env.INDEXER_DATA_DIR ? resolve(process.cwd(), env.INDEXER_DATA_DIR) : join(indexerRoot, ".ponder");
  const rpcUrl = env.RPC_URL || "http://127.0.0.1:8545";
  return {
    chainId,
    rpcUrl,
    rpcClients: Math.max(1, Math.floor(intFrom(env, "RPC_CLIENTS", isLoopback(rpcUrl) ? 8 : 1))),
    crowdlabel: getAddress(crowdlabel),
    startBlock,
    deploymentSource,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    ipfs: ipfsConfigFromEnv(env),
    port: intFrom(env, "INDEXER_PORT", 42069),
    minSecondsPerItem: intFrom(env, "MIN_SECONDS_PER_ITEM", 1),
    pollingIntervalMs: intFrom(env, "POLLING_INTERVAL_MS", 1000),
  };
}

let cached: IndexerConfig | undefined;
/** The process's configuration, read once. */
export function indexerConfig(): IndexerConfig {
  cached ??= loadIndexerConfig();
  return cached;
}

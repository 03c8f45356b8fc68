import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DeploymentFileError, ipfsConfigFromEnv, localDeploymentPath, readDeploymentFile, type DeploymentFile, type IpfsConfig } from "@crowdlabel/sdk/node";
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

/** The deployment file's contract and start block; `chainId`: the chain CHAIN_ID names, when it is set. */
function readDeployment(path: string, chainId: number | undefined): DeploymentFile {
  try {
    return readDeploymentFile(path, { chainId });
  } catch (error) {
    if (error instanceof DeploymentFileError) throw new IndexerConfigError(error.shortMessage, error.details ?? "Set CROWDLABEL_ADDRESS or DEPLOYMENT_FILE.");
    throw error;
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
      : [localDeploymentPath(repoRoot, chainId), join(repoRoot, "contracts", "deployments", `${chainId}.json`)];
    const found = candidates.find((p) => existsSync(p));
    if (!found)
      throw new IndexerConfigError(
        "No Crowdlabel deployment configured",
        `Set CROWDLABEL_ADDRESS (and START_BLOCK), or DEPLOYMENT_FILE; looked for ${candidates.join(", ")}.`,
      );
    const chainIdSet = env.CHAIN_ID !== undefined && env.CHAIN_ID !== "";
    const deployment = readDeployment(found, chainIdSet ? chainId : undefined);
    crowdlabel = deployment.crowdlabel;
    chainId = deployment.chainId;
    if (env.START_BLOCK === undefined || env.START_BLOCK === "") startBlock = deployment.startBlock;
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

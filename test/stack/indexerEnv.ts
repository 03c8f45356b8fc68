import type { Deployment } from "@crowdlabel/sdk/devchain";

export type IndexerEnvOptions = {
  chainId: number;
  rpcUrl: string;
  ipfs: { apiUrl: string; gatewayUrl: string };
  /** INDEXER_DATA_DIR: the embedded database (PGlite) and the indexer's files. */
  dataDir: string;
  deployment: Deployment;
  /** The forge script's deployment JSON (DEPLOYMENT_FILE); without it the indexer gets CROWDLABEL_ADDRESS + START_BLOCK. */
  deploymentFile?: string;
  /** PostgreSQL instead of PGlite; default none. */
  databaseUrl?: string;
  /** How often the indexer polls the chain; default 250 ms (a local chain mines a block per transaction). */
  pollingIntervalMs?: number;
};

/**
 * The environment that configures the indexer (indexer/src/config/loadIndexerConfig.ts) for a local
 * stack: chain, IPFS node, data dir and deployment, nothing inherited (`startIndexer` adds the ports).
 */
export function indexerEnv(options: IndexerEnvOptions): Record<string, string> {
  const env: Record<string, string> = {
    CHAIN_ID: String(options.chainId),
    RPC_URL: options.rpcUrl,
    IPFS_GATEWAY_URL: options.ipfs.gatewayUrl,
    IPFS_API_URL: options.ipfs.apiUrl,
    INDEXER_DATA_DIR: options.dataDir,
    POLLING_INTERVAL_MS: String(options.pollingIntervalMs ?? 250),
    DATABASE_URL: options.databaseUrl ?? "",
  };
  if (options.deploymentFile) env.DEPLOYMENT_FILE = options.deploymentFile;
  else Object.assign(env, { CROWDLABEL_ADDRESS: options.deployment.crowdlabel, START_BLOCK: String(options.deployment.startBlock) });
  return env;
}

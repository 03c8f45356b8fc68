import { join } from "node:path";
import { createConfig } from "ponder";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { indexerConfig } from "./src/config/loadIndexerConfig.ts";

const config = indexerConfig();

export default createConfig({
  database: config.databaseUrl
    ? { kind: "postgres", connectionString: config.databaseUrl }
    : { kind: "pglite", directory: join(config.dataDir, "pglite") },
  ordering: "multichain",
  chains: {
    // Any EVM chain: id and RPC come from CHAIN_ID / RPC_URL (or the deployment file). Listing the URL
    // RPC_CLIENTS times gives Ponder's load balancer that many independently rate-limited clients.
    crowdlabel: {
      id: config.chainId,
      rpc: config.rpcClients > 1 ? new Array<string>(config.rpcClients).fill(config.rpcUrl) : config.rpcUrl,
      pollingInterval: config.pollingIntervalMs,
    },
  },
  contracts: {
    Crowdlabel: {
      abi: crowdlabelAbi,
      chain: "crowdlabel",
      address: config.crowdlabel,
      startBlock: config.startBlock,
    },
  },
});

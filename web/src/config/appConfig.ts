import { getAddress, isAddress, type Address } from "viem";

/** Everything the app needs to know about where it runs; same build for anvil and public chains. */
export type AppConfig = {
  chainId: number;
  rpcUrl: string;
  indexerUrl: string;
  ipfsApiUrl: string;
  ipfsGatewayUrl: string;
  crowdlabel: Address;
  token: Address;
  /** First block to scan for logs (the deployment block). */
  startBlock: bigint;
  /** Scopes locally persisted data (sessions, salts) to one deployment. */
  deploymentId: string;
  walletConnectProjectId: string | undefined;
  /** The local test wallet (anvil's public keys) is offered only on local chains. */
  localWallet: boolean;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Raw values as they come from VITE_* variables or a served deployment JSON. */
export type RawConfig = Partial<Record<keyof AppConfig, string | number | boolean | undefined>> & {
  /** deployment JSON shape written by contracts/script/Deploy.s.sol */
  crowdlabel?: string;
  token?: string;
};

const LOCAL_CHAINS = new Set([31337, 1337]);

function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === "" ? undefined : s;
}

/** Validates and normalises config; throws ConfigError naming the variable to fix. */
export function resolveConfig(raw: RawConfig): AppConfig {
  const chainId = Number(str(raw.chainId) ?? 31337);
  if (!Number.isInteger(chainId) || chainId <= 0) throw new ConfigError(`VITE_CHAIN_ID "${String(raw.chainId)}" is not a chain id`);
  const crowdlabel = str(raw.crowdlabel);
  const token = str(raw.token);
  if (!crowdlabel || !isAddress(crowdlabel))
    throw new ConfigError("No Crowdlabel contract address: set VITE_CROWDLABEL_ADDRESS or serve config.json (pnpm dev does it for you).");
  if (!token || !isAddress(token)) throw new ConfigError("No token address: set VITE_TOKEN_ADDRESS or serve config.json.");
  const isLocal = LOCAL_CHAINS.has(chainId);
  const localWallet = str(raw.localWallet);
  return {
    chainId,
    rpcUrl: str(raw.rpcUrl) ?? "http://127.0.0.1:8545",
    indexerUrl: (str(raw.indexerUrl) ?? "http://127.0.0.1:42069").replace(/\/$/, ""),
    ipfsApiUrl: (str(raw.ipfsApiUrl) ?? "http://127.0.0.1:5001").replace(/\/$/, ""),
    ipfsGatewayUrl: (str(raw.ipfsGatewayUrl) ?? "http://127.0.0.1:8080").replace(/\/$/, ""),
    crowdlabel: getAddress(crowdlabel),
    token: getAddress(token),
    startBlock: BigInt(str(raw.startBlock) ?? 0),
    deploymentId: str(raw.deploymentId) ?? `${chainId}:${crowdlabel.toLowerCase()}`,
    walletConnectProjectId: str(raw.walletConnectProjectId),
    localWallet: isLocal && localWallet !== "false",
  };
}

function fromEnv(): RawConfig {
  const env = import.meta.env;
  return {
    chainId: env.VITE_CHAIN_ID,
    rpcUrl: env.VITE_RPC_URL,
    indexerUrl: env.VITE_INDEXER_URL,
    ipfsApiUrl: env.VITE_IPFS_API_URL,
    ipfsGatewayUrl: env.VITE_IPFS_GATEWAY_URL,
    crowdlabel: env.VITE_CROWDLABEL_ADDRESS,
    token: env.VITE_TOKEN_ADDRESS,
    startBlock: env.VITE_START_BLOCK,
    deploymentId: env.VITE_DEPLOYMENT_ID,
    walletConnectProjectId: env.VITE_WALLETCONNECT_PROJECT_ID,
    localWallet: env.VITE_LOCAL_WALLET,
  };
}

function defined(raw: RawConfig): RawConfig {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== "")) as RawConfig;
}

let current: AppConfig | undefined;

/**
 * Build-time VITE_* variables win; anything missing is taken from a served `config.json`
 * (the deployment file shape plus URLs), so one static build can point at any deployment.
 */
export async function loadConfig(): Promise<AppConfig> {
  const env = defined(fromEnv());
  let served: RawConfig = {};
  if (!env.crowdlabel || !env.token) {
    const url = import.meta.env.VITE_CONFIG_URL ?? `${import.meta.env.BASE_URL}config.json`;
    try {
      const res = await fetch(url, { cache: "no-store" });
      if (res.ok) served = (await res.json()) as RawConfig;
    } catch {
      // reported below as a missing address
    }
  }
  current = resolveConfig({ ...defined(served), ...env });
  return current;
}

/** The loaded config; `loadConfig` runs before the app renders. */
export function getConfig(): AppConfig {
  if (!current) throw new ConfigError("config not loaded");
  return current;
}

/** For tests. */
export function setConfig(config: AppConfig): void {
  current = config;
}

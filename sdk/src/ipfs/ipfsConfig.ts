/** Where the SDK finds IPFS: the Kubo RPC API (writes), the gateway (reads) and an optional auth header. */
export type IpfsConfig = {
  /** Kubo RPC API base URL (env IPFS_API_URL), default http://127.0.0.1:5001. */
  apiUrl: string;
  /** Gateway base URL (env IPFS_GATEWAY_URL), default http://127.0.0.1:8080; content is read from `${gatewayUrl}/ipfs/<cid>`. */
  gatewayUrl: string;
  /** `Authorization` header value sent to the API and gateway (env IPFS_API_AUTH), e.g. `Bearer …` or `Basic …` for a pinning service. */
  authHeader?: string;
};

export const DEFAULT_IPFS_API_URL = "http://127.0.0.1:5001";
export const DEFAULT_IPFS_GATEWAY_URL = "http://127.0.0.1:8080";

/** IPFS settings from environment variables (IPFS_API_URL, IPFS_GATEWAY_URL, IPFS_API_AUTH) with local defaults; works where there is no `process` (browser). */
export function ipfsConfigFromEnv(env: Record<string, string | undefined> = globalThis.process?.env ?? {}): IpfsConfig {
  const authHeader = env.IPFS_API_AUTH || undefined;
  return {
    apiUrl: (env.IPFS_API_URL || DEFAULT_IPFS_API_URL).replace(/\/+$/, ""),
    gatewayUrl: (env.IPFS_GATEWAY_URL || DEFAULT_IPFS_GATEWAY_URL).replace(/\/+$/, ""),
    ...(authHeader ? { authHeader } : {}),
  };
}

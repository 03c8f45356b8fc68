import { join } from "node:path";
import { freePort, repoRoot } from "@crowdlabel/sdk/devchain";
import { spawnGroup } from "./processGroup.ts";
import type { ServedWeb, WebRuntimeConfig } from "./serveWeb.ts";
import { waitFor } from "./waitFor.ts";

/**
 * The VITE_* variables that configure the web app in Vite's dev server as `/config.json` configures the
 * built one, and the dev server's proxy target for the indexer under /indexer (web/vite.config.ts).
 */
export function viteEnv(config: WebRuntimeConfig, indexerProxyTarget?: string): Record<string, string> {
  const env: Record<string, string> = {
    VITE_CHAIN_ID: String(config.chainId),
    VITE_RPC_URL: config.rpcUrl,
    VITE_INDEXER_URL: config.indexerUrl,
    VITE_IPFS_API_URL: config.ipfsApiUrl,
    VITE_IPFS_GATEWAY_URL: config.ipfsGatewayUrl,
    VITE_CROWDLABEL_ADDRESS: config.crowdlabel,
    VITE_TOKEN_ADDRESS: config.token,
    VITE_START_BLOCK: String(config.startBlock),
  };
  if (config.deploymentId) env.VITE_DEPLOYMENT_ID = config.deploymentId;
  if (config.localWallet !== undefined) env.VITE_LOCAL_WALLET = String(config.localWallet);
  if (indexerProxyTarget) env.INDEXER_PROXY_TARGET = indexerProxyTarget;
  return env;
}

/**
 * Vite's dev server for web/ (hot reload, sources compiled on request) in its own process group,
 * configured by `viteEnv`; resolves once it answers. Its warnings go to `log`.
 */
export async function startViteDevServer(options: {
  config: WebRuntimeConfig;
  /** Served under /indexer. */
  indexerUrl?: string;
  port?: number;
  log?: (line: string) => void;
  timeoutMs?: number;
}): Promise<ServedWeb> {
  const port = options.port || (await freePort());
  const web = join(repoRoot(), "web");
  const env: NodeJS.ProcessEnv = { ...process.env, ...viteEnv(options.config, options.indexerUrl) };
  const args = ["--host", "127.0.0.1", "--port", String(port), "--strictPort", "--logLevel", "warn", "--clearScreen", "false"];
  const server = spawnGroup(join(web, "node_modules", ".bin", "vite"), args, { cwd: web, env });
  if (options.log) {
    const log = options.log;
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) log(line);
    };
    server.child.stdout?.on("data", forward);
    server.child.stderr?.on("data", forward);
  }
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok, {
      what: `Vite's dev server at ${url}`,
      timeoutMs: options.timeoutMs ?? 60_000,
      abortIf: () => (server.child.exitCode === null ? undefined : new Error(`vite exited with code ${server.child.exitCode}:\n${server.output().slice(-4000)}`)),
      details: () => server.output().slice(-4000),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, port, close: () => server.stop() };
}

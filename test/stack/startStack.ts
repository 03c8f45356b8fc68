import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  deployProtocol,
  deployWithForge,
  repoRoot,
  startAnvil,
  type Deployment,
  type RunningAnvil,
} from "@crowdlabel/sdk/devchain";
import { startIpfsNode } from "@crowdlabel/ipfs";
import { buildWeb } from "./buildWeb.ts";
import { INDEXER_PATH, serveWeb, type ServedWeb, type WebRuntimeConfig } from "./serveWeb.ts";
import { startIndexer, type RunningIndexer } from "./startIndexer.ts";
import { startPostgres } from "./startPostgres.ts";
import { installMulticall3 } from "./installMulticall3.ts";
import { startTcpSwitch, type TcpSwitch } from "./tcpSwitch.ts";

export type StackPorts = {
  anvil: number;
  ipfsApi: number;
  ipfsGateway: number;
  indexer: number;
  web: number;
  /** The web app's RPC URL (a cuttable pass-through to anvil). */
  webRpc: number;
  /** The web app's IPFS API and gateway URLs (cuttable pass-throughs). */
  webIpfsApi: number;
  webIpfsGateway: number;
};

export type StartStackOptions = {
  /** anvil's chain id; 31337 by default, 84532 (Base Sepolia's) for a deployment rehearsal. */
  chainId?: number;
  /** "viem" (artifacts, fast, isolated) or "forge" (contracts/script/Deploy.s.sol, as an operator deploys). */
  deployWith?: "viem" | "forge";
  /** Keep state here (IPFS blocks, indexer database, deployment file); default: a fresh temp dir removed by stop(). */
  dataDir?: string;
  /** Fixed ports; anything missing or 0 is a free port. */
  ports?: Partial<StackPorts>;
  /** Start the indexer (default true). */
  indexer?: boolean;
  /** PostgreSQL for the indexer instead of its embedded PGlite. */
  databaseUrl?: string;
  /** Start a throwaway PostgreSQL cluster (Debian's postgresql) for the indexer. */
  postgres?: boolean;
  /** Serve the built web app (default true); `distDir` skips the build. */
  web?: boolean | { distDir: string };
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
};

export type Stack = {
  chainId: number;
  /** anvil's RPC (tests, CLI, indexer). */
  rpcUrl: string;
  deployment: Deployment;
  /** The deployment JSON written by the forge script (deployWith "forge"). */
  deploymentFile?: string;
  ipfs: { apiUrl: string; gatewayUrl: string };
  indexerUrl?: string;
  indexer?: RunningIndexer;
  webUrl?: string;
  /** What the web app reads from /config.json. */
  webConfig: WebRuntimeConfig;
  dataDir: string;
  anvil: RunningAnvil;
  /** Outages as the web app sees them: each cut() refuses connections until restore(). */
  outage: { rpc: TcpSwitch; ipfs: { cut(): Promise<void>; restore(): Promise<void> } };
  stop(): Promise<void>;
};

const quiet = { info: () => {}, warn: () => {} };

/**
 * Starts the whole Crowdlabel stack on fresh state: anvil, the protocol deployed, the embedded IPFS
 * node, the indexer (its own process group) and the built web app on a static server whose
 * /config.json points at all of them. Every port is free unless fixed; stop() ends everything.
 */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const ports = options.ports ?? {};
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "crowdlabel-stack-"));
  mkdirSync(dataDir, { recursive: true });
  const stoppers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch(() => undefined);
    stoppers.length = 0;
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // The web build (tens of seconds, cached) runs while the chain and IPFS start.
    const distDir = options.web === false ? undefined : typeof options.web === "object" ? Promise.resolve(options.web.distDir) : buildWeb({ log });
    distDir?.catch(() => undefined);
    const [anvil, ipfs] = await Promise.all([
      startAnvil({ chainId: options.chainId, port: ports.anvil }),
      startIpfsNode({ apiPort: ports.ipfsApi ?? 0, gatewayPort: ports.ipfsGateway ?? 0, dataDir: join(dataDir, "ipfs"), log: quiet }),
    ]);
    stoppers.push(() => anvil.stop());
    stoppers.push(() => ipfs.close());
    log(`anvil ${anvil.rpcUrl} (chain ${anvil.chainId}); IPFS ${ipfs.apiUrl} / ${ipfs.gatewayUrl}`);

    let deployment: Deployment;
    let deploymentFile: string | undefined;
    if (options.deployWith === "forge") {
      // The forge script may only write under .crowdlabel/ or contracts/deployments/ (foundry.toml fs_permissions).
      mkdirSync(join(repoRoot(), ".crowdlabel"), { recursive: true });
      const dir = mkdtempSync(join(repoRoot(), ".crowdlabel", "stack-"));
      stoppers.push(async () => rmSync(dir, { recursive: true, force: true }));
      deploymentFile = join(dir, `${anvil.chainId}.json`);
      deployment = await deployWithForge({ rpcUrl: anvil.rpcUrl, outFile: relative(repoRoot(), deploymentFile), faucet: true });
    } else {
      deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    }
    log(`Crowdlabel ${deployment.crowdlabel}, token ${deployment.token} (${options.deployWith ?? "viem"})`);
    // Public chains have Multicall3, and viem's definitions of them (Base Sepolia, ...) batch reads through it.
    if (anvil.chainId !== 31337) await installMulticall3(anvil.rpcUrl);

    const rpcSwitch = await startTcpSwitch({ targetPort: anvil.port, port: ports.webRpc });
    const apiUrl = new URL(ipfs.apiUrl);
    const gatewayUrl = new URL(ipfs.gatewayUrl);
    const ipfsApiSwitch = await startTcpSwitch({ targetPort: Number(apiUrl.port), port: ports.webIpfsApi });
    const ipfsGatewaySwitch = await startTcpSwitch({ targetPort: Number(gatewayUrl.port), port: ports.webIpfsGateway });
    stoppers.push(() => rpcSwitch.close(), () => ipfsApiSwitch.close(), () => ipfsGatewaySwitch.close());

    let indexer: RunningIndexer | undefined;
    if (options.indexer !== false) {
      let databaseUrl = options.databaseUrl ?? "";
      if (options.postgres) {
        const postgres = await startPostgres();
        stoppers.push(() => postgres.stop());
        databaseUrl = postgres.databaseUrl;
        log(`PostgreSQL ${databaseUrl}`);
      }
      const env: Record<string, string> = {
        CHAIN_ID: String(anvil.chainId),
        RPC_URL: anvil.rpcUrl,
        IPFS_GATEWAY_URL: ipfs.gatewayUrl,
        IPFS_API_URL: ipfs.apiUrl,
        INDEXER_DATA_DIR: join(dataDir, "indexer"),
        POLLING_INTERVAL_MS: "250",
        DATABASE_URL: databaseUrl,
      };
      if (deploymentFile) env.DEPLOYMENT_FILE = deploymentFile;
      else Object.assign(env, { CROWDLABEL_ADDRESS: deployment.crowdlabel, START_BLOCK: String(deployment.startBlock) });
      indexer = await startIndexer({ env, port: ports.indexer });
      stoppers.push(() => indexer!.stop());
      log(`indexer ${indexer.url}`);
    }

    const webConfig: WebRuntimeConfig = {
      chainId: anvil.chainId,
      rpcUrl: rpcSwitch.url,
      // Same origin as the app, proxied to the indexer (as pnpm dev does).
      indexerUrl: INDEXER_PATH,
      ipfsApiUrl: ipfsApiSwitch.url,
      ipfsGatewayUrl: ipfsGatewaySwitch.url,
      crowdlabel: deployment.crowdlabel,
      token: deployment.token,
      startBlock: deployment.startBlock,
    };
    let web: ServedWeb | undefined;
    if (distDir !== undefined) {
      web = await serveWeb({ distDir: await distDir, config: () => webConfig, indexerUrl: indexer?.url, port: ports.web });
      stoppers.push(() => web!.close());
      log(`web ${web.url}`);
    }

    return {
      chainId: anvil.chainId,
      rpcUrl: anvil.rpcUrl,
      deployment,
      deploymentFile,
      ipfs: { apiUrl: ipfs.apiUrl, gatewayUrl: ipfs.gatewayUrl },
      indexer,
      indexerUrl: indexer?.url,
      webUrl: web?.url,
      webConfig,
      dataDir,
      anvil,
      outage: {
        rpc: rpcSwitch,
        ipfs: {
          cut: async () => {
            await Promise.all([ipfsApiSwitch.cut(), ipfsGatewaySwitch.cut()]);
          },
          restore: async () => {
            await Promise.all([ipfsApiSwitch.restore(), ipfsGatewaySwitch.restore()]);
          },
        },
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

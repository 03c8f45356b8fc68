import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import {
  deployProtocol,
  deployWithForge,
  freePort,
  repoRoot,
  startAnvil,
  type Deployment,
  type RunningAnvil,
} from "@crowdlabel/sdk/devchain";
import { startIpfsNode } from "@crowdlabel/ipfs";
import { availablePort } from "./availablePort.ts";
import { buildWeb } from "./buildWeb.ts";
import { indexerEnv } from "./indexerEnv.ts";
import { INDEXER_PATH, serveWeb, type ServedWeb, type WebRuntimeConfig } from "./serveWeb.ts";
import { startIndexer, type RunningIndexer, type StartIndexerOptions } from "./startIndexer.ts";
import { startPostgres } from "./startPostgres.ts";
import { installMulticall3 } from "./installMulticall3.ts";
import { startTcpSwitch, type TcpSwitch } from "./tcpSwitch.ts";
import { startViteDevServer } from "./startViteDevServer.ts";

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

/** How the stack runs its indexer (see startIndexer). */
export type StackIndexerOptions = Pick<StartIndexerOptions, "command" | "logFile" | "timeoutMs" | "optional">;

/** What is up when `seed` runs: the chain with the protocol deployed, and IPFS. */
export type StackChain = {
  chainId: number;
  /** anvil's RPC (tests, CLI, indexer). */
  rpcUrl: string;
  deployment: Deployment;
  /** The deployment JSON written by the forge script (deployWith "forge"). */
  deploymentFile?: string;
  ipfs: { apiUrl: string; gatewayUrl: string };
};

export type StartStackOptions = {
  /** anvil's chain id; 31337 by default, 84532 (Base Sepolia's) for a deployment rehearsal. */
  chainId?: number;
  /** "viem" (artifacts, fast, isolated) or "forge" (contracts/script/Deploy.s.sol, as an operator deploys). */
  deployWith?: "viem" | "forge";
  /**
   * Where the forge script writes `<chainId>.json` (under .crowdlabel/ or contracts/deployments/, relative to
   * the repository root or absolute), kept after stop(); default a temp dir under .crowdlabel/ removed by stop().
   */
  deploymentDir?: string;
  /**
   * Keep state here (IPFS blocks in ipfs/, the indexer in indexer/, emptied at each start since the chain is
   * new); default: a fresh temp dir removed by stop().
   */
  dataDir?: string;
  /** Fixed ports; anything missing or 0 is a free port. */
  ports?: Partial<StackPorts>;
  /** A fixed port that is busy becomes a free one instead of failing the start (pnpm dev). */
  portFallback?: boolean;
  /** Put cuttable pass-throughs between the web app and anvil / IPFS, and between the indexer and IPFS (`outage`); default true. */
  outageSwitches?: boolean;
  /** Runs once the chain, the contracts and IPFS are up, before the indexer and the web app start (pnpm dev seeds its demo here). */
  seed?: (chain: StackChain) => Promise<void>;
  /** Start the indexer (default true). */
  indexer?: boolean | StackIndexerOptions;
  /** PostgreSQL for the indexer instead of its embedded PGlite. */
  databaseUrl?: string;
  /** Start a throwaway PostgreSQL cluster (Debian's postgresql) for the indexer. */
  postgres?: boolean;
  /** Serve the built web app (default true; `distDir` skips the build), or run Vite's dev server ("dev-server"). */
  web?: boolean | { distDir: string } | "dev-server";
  /** Scopes what the browser saves (sessions, salts) to this stack; default `<chainId>:<contract>`. */
  deploymentId?: string;
  /** Stops whatever has started and rejects the start (Ctrl-C during pnpm dev's start). */
  signal?: AbortSignal;
  /** Progress lines (and the IPFS node's and Vite's warnings); silent by default. */
  log?: (line: string) => void;
};

export type Stack = StackChain & {
  indexerUrl?: string;
  indexer?: RunningIndexer;
  webUrl?: string;
  /** What the web app reads from /config.json (or, in the dev server, from VITE_* variables). */
  webConfig: WebRuntimeConfig;
  dataDir: string;
  anvil: RunningAnvil;
  /**
   * Outages: `rpc` and `ipfs` as the web app sees them, `indexerIpfs` as the indexer sees it (the indexer then reports
   * itself degraded). Each cut() refuses connections until restore() (needs `outageSwitches`).
   */
  outage: { rpc: Outage; ipfs: Outage; indexerIpfs: Outage };
  stop(): Promise<void>;
};

/** A service the web app can lose: cut() refuses its connections until restore(). */
export type Outage = Pick<TcpSwitch, "cut" | "restore">;

export class StackStartAbortedError extends Error {
  override name = "StackStartAbortedError";
}

export class NoOutageSwitchesError extends Error {
  override name = "NoOutageSwitchesError";
}

/**
 * Starts the whole Crowdlabel stack on a fresh chain: anvil, the protocol deployed, the embedded IPFS
 * node, the indexer (its own process group) and the web app (the built app on a static server whose
 * /config.json points at all of them, or Vite's dev server). Every port is free unless fixed; stop()
 * ends everything.
 */
export async function startStack(options: StartStackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => {});
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "crowdlabel-stack-"));
  mkdirSync(dataDir, { recursive: true });
  const stoppers: (() => Promise<unknown>)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      for (const s of stoppers.reverse()) await s().catch(() => undefined);
      stoppers.length = 0;
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    })());
  /** Registers how to stop what just started; after an abort (or stop) it is stopped at once. */
  const started = async (stopIt: () => Promise<unknown>) => {
    if (stopped || options.signal?.aborted) {
      await stopIt().catch(() => undefined);
      throw new StackStartAbortedError("the stack's start was aborted");
    }
    stoppers.push(stopIt);
  };
  const onAbort = () => void stop();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    const ports = { ...options.ports };
    if (options.portFallback) for (const name of Object.keys(ports) as (keyof StackPorts)[]) ports[name] = await availablePort(ports[name]);
    const indexerOptions = typeof options.indexer === "object" ? options.indexer : {};
    // Known before the indexer starts: the web app's /indexer proxy points here even without an indexer (it then answers an error).
    ports.indexer ||= await freePort();
    const indexerUrl = `http://127.0.0.1:${ports.indexer}`;

    // The web build (tens of seconds, cached) runs while the chain and IPFS start.
    const web = options.web ?? true;
    const distDir = web === false || web === "dev-server" ? undefined : typeof web === "object" ? Promise.resolve(web.distDir) : buildWeb({ log });
    distDir?.catch(() => undefined);
    const ipfsLog = { info: () => {}, warn: (message: string) => log(`ipfs: ${message}`) };
    const [anvil, ipfs] = await Promise.all([
      startAnvil({ chainId: options.chainId, port: ports.anvil }).then(async (a) => (await started(() => a.stop()), a)),
      startIpfsNode({ apiPort: ports.ipfsApi ?? 0, gatewayPort: ports.ipfsGateway ?? 0, dataDir: join(dataDir, "ipfs"), log: ipfsLog }).then(
        async (node) => (await started(() => node.close()), node),
      ),
    ]);
    log(`anvil ${anvil.rpcUrl} (chain ${anvil.chainId}); IPFS ${ipfs.apiUrl} / ${ipfs.gatewayUrl}`);

    let deployment: Deployment;
    let deploymentFile: string | undefined;
    if (options.deployWith === "forge") {
      // The forge script may only write under .crowdlabel/ or contracts/deployments/ (foundry.toml fs_permissions).
      let dir = options.deploymentDir && (isAbsolute(options.deploymentDir) ? options.deploymentDir : join(repoRoot(), options.deploymentDir));
      if (!dir) {
        mkdirSync(join(repoRoot(), ".crowdlabel"), { recursive: true });
        const tempDir = mkdtempSync(join(repoRoot(), ".crowdlabel", "stack-"));
        await started(async () => rmSync(tempDir, { recursive: true, force: true }));
        dir = tempDir;
      }
      deploymentFile = join(dir, `${anvil.chainId}.json`);
      deployment = await deployWithForge({ rpcUrl: anvil.rpcUrl, outFile: relative(repoRoot(), deploymentFile), faucet: true });
    } else {
      deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    }
    log(`Crowdlabel ${deployment.crowdlabel}, token ${deployment.token} (${options.deployWith ?? "viem"}${deploymentFile ? `, ${relative(repoRoot(), deploymentFile)}` : ""})`);
    // Public chains have Multicall3, and viem's definitions of them (Base Sepolia, ...) batch reads through it.
    if (anvil.chainId !== 31337) await installMulticall3(anvil.rpcUrl);

    const chain: StackChain = { chainId: anvil.chainId, rpcUrl: anvil.rpcUrl, deployment, deploymentFile, ipfs: { apiUrl: ipfs.apiUrl, gatewayUrl: ipfs.gatewayUrl } };
    if (options.seed) {
      await options.seed(chain);
      options.signal?.throwIfAborted();
    }

    // What the web app and the indexer talk to: anvil and IPFS themselves, or cuttable pass-throughs to them.
    let webRpcUrl = anvil.rpcUrl;
    let webIpfs = chain.ipfs;
    let indexerIpfs = chain.ipfs;
    let outage: Stack["outage"];
    if (options.outageSwitches === false) {
      const none: Outage = { cut: () => Promise.reject(new NoOutageSwitchesError("this stack was started with outageSwitches: false")), restore: async () => {} };
      outage = { rpc: none, ipfs: none, indexerIpfs: none };
    } else {
      const rpcSwitch = await startTcpSwitch({ targetPort: anvil.port, port: ports.webRpc });
      await started(() => rpcSwitch.close());
      /** Pass-throughs to the IPFS API and gateway, cut and restored together. */
      const ipfsSwitches = async (apiPort?: number, gatewayPort?: number) => {
        const api = await startTcpSwitch({ targetPort: Number(new URL(ipfs.apiUrl).port), port: apiPort });
        await started(() => api.close());
        const gateway = await startTcpSwitch({ targetPort: Number(new URL(ipfs.gatewayUrl).port), port: gatewayPort });
        await started(() => gateway.close());
        const both: Outage = {
          cut: async () => {
            await Promise.all([api.cut(), gateway.cut()]);
          },
          restore: async () => {
            await Promise.all([api.restore(), gateway.restore()]);
          },
        };
        return { urls: { apiUrl: api.url, gatewayUrl: gateway.url }, outage: both };
      };
      const forWeb = await ipfsSwitches(ports.webIpfsApi, ports.webIpfsGateway);
      const forIndexer = await ipfsSwitches();
      webRpcUrl = rpcSwitch.url;
      webIpfs = forWeb.urls;
      indexerIpfs = forIndexer.urls;
      outage = { rpc: rpcSwitch, ipfs: forWeb.outage, indexerIpfs: forIndexer.outage };
    }

    let indexer: RunningIndexer | undefined;
    if (options.indexer !== false) {
      let databaseUrl = options.databaseUrl;
      if (options.postgres) {
        const postgres = await startPostgres();
        await started(() => postgres.stop());
        databaseUrl = postgres.databaseUrl;
        log(`PostgreSQL ${databaseUrl}`);
      }
      // A new chain: a new index (a kept data dir still holds the last run's).
      const indexerDataDir = join(dataDir, "indexer");
      rmSync(indexerDataDir, { recursive: true, force: true });
      mkdirSync(indexerDataDir, { recursive: true });
      log(`starting the indexer on ${indexerUrl}`);
      indexer = await startIndexer({ ...indexerOptions, env: indexerEnv({ ...chain, ipfs: indexerIpfs, dataDir: indexerDataDir, databaseUrl }), port: ports.indexer, signal: options.signal });
      const running = indexer;
      await started(() => running.stop());
      log(running.ready ? `indexer ${running.url}` : `indexer ${running.url} not ready yet`);
    }

    const webConfig: WebRuntimeConfig = {
      chainId: anvil.chainId,
      rpcUrl: webRpcUrl,
      // Same origin as the app, proxied to the indexer.
      indexerUrl: INDEXER_PATH,
      ipfsApiUrl: webIpfs.apiUrl,
      ipfsGatewayUrl: webIpfs.gatewayUrl,
      crowdlabel: deployment.crowdlabel,
      token: deployment.token,
      startBlock: deployment.startBlock,
      ...(options.deploymentId ? { deploymentId: options.deploymentId } : {}),
    };
    let served: ServedWeb | undefined;
    if (web === "dev-server") {
      served = await startViteDevServer({ config: webConfig, indexerUrl, port: ports.web, log });
    } else if (distDir !== undefined) {
      served = await serveWeb({ distDir: await distDir, config: () => webConfig, indexerUrl, port: ports.web });
    }
    if (served) {
      const server = served;
      await started(() => server.close());
      log(`web ${server.url}`);
    }

    return {
      ...chain,
      indexer,
      indexerUrl: indexer?.url,
      webUrl: served?.url,
      webConfig,
      dataDir,
      anvil,
      outage,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
}

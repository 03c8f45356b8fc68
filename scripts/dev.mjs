#!/usr/bin/env node
// `pnpm dev`: the whole local stack in one command.
//   anvil -> deploy (forge script) -> embedded IPFS node -> demo tasks of real handwritten digits
//   (+ a small simulated crowd) -> indexer (Ponder) -> web app (Vite), then prints the URL and the
//   local test accounts. Ctrl-C stops everything.
// Flags: --no-seed (skip demo data), --no-indexer, --no-crowd (no simulated annotators/keeper),
//        --web-port <n> (default 5173), --rpc-port <n> (default 8545).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer as createNetServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: flags } = parseArgs({
  options: {
    "no-seed": { type: "boolean", default: false },
    "no-indexer": { type: "boolean", default: false },
    "no-crowd": { type: "boolean", default: false },
    "web-port": { type: "string", default: process.env.WEB_PORT || "5173" },
    "rpc-port": { type: "string", default: process.env.RPC_PORT || "8545" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (flags.help) {
  console.log("Usage: pnpm dev [--no-seed] [--no-indexer] [--no-crowd] [--web-port 5173] [--rpc-port 8545]");
  process.exit(0);
}

const c = { dim: (s) => `\x1b[2m${s}\x1b[0m`, bold: (s) => `\x1b[1m${s}\x1b[0m`, green: (s) => `\x1b[32m${s}\x1b[0m`, red: (s) => `\x1b[31m${s}\x1b[0m`, cyan: (s) => `\x1b[36m${s}\x1b[0m` };
const step = (s) => console.log(`${c.cyan("›")} ${s}`);
const webRequire = createRequire(join(root, "web", "package.json"));
/** Imports a package the web app depends on, through its ESM ("import") export. */
function importFrom(specifier) {
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const subpath = `.${specifier.slice(name.length)}`;
  const pkgJson = webRequire.resolve(`${name}/package.json`);
  const pkg = JSON.parse(readFileSync(pkgJson, "utf8"));
  let target = pkg.exports?.[subpath === "." ? "." : subpath] ?? (subpath === "." ? pkg.module ?? pkg.main : undefined);
  while (target && typeof target === "object") target = target.import ?? target.default ?? target.node;
  if (typeof target !== "string") throw new Error(`cannot resolve ${specifier} from web/`);
  return import(pathToFileURL(join(dirname(pkgJson), target)).href);
}

if (!existsSync(join(root, "web", "node_modules"))) {
  console.error(c.red("Dependencies are missing: run `pnpm install` at the repository root first."));
  process.exit(1);
}

// TypeScript sources (sdk, ipfs node, seed script) load through tsx.
const { register } = await importFrom("tsx/esm/api");
register();

async function portFree(port) {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
async function pickPort(preferred, freePort) {
  return (await portFree(preferred)) ? preferred : freePort();
}

const cleanups = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${c.dim("stopping…")}`);
  for (const fn of cleanups.reverse()) {
    try {
      await Promise.race([fn(), new Promise((r) => setTimeout(r, 5000))]);
    } catch (error) {
      console.error(c.dim(`  cleanup: ${error.message}`));
    }
  }
  console.log(c.dim("stopped."));
  process.exit(code);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

function fail(what, error) {
  console.error(`\n${c.red("✗")} ${what}: ${error?.shortMessage ?? error?.message ?? error}`);
  if (error?.details) console.error(c.dim(error.details));
  void stopAll(1);
}

try {
  const devchain = await import(pathToFileURL(join(root, "sdk", "src", "devchain", "index.ts")).href);
  const { startAnvil, deployWithForge, anvilPrivateKeys, freePort } = devchain;

  // 1. chain
  const rpcPort = await pickPort(Number(flags["rpc-port"]), freePort);
  step(`starting anvil on port ${rpcPort}`);
  const anvil = await startAnvil({ port: rpcPort, chainId: 31337 });
  cleanups.push(() => anvil.stop());

  // 2. contracts
  step("deploying the protocol (forge script)");
  const outFile = join(".crowdlabel", "deployments", `${anvil.chainId}.json`);
  const deployment = await deployWithForge({ rpcUrl: anvil.rpcUrl, outFile, faucet: true });
  console.log(c.dim(`  Crowdlabel ${deployment.crowdlabel} · token ${deployment.token} · ${outFile}`));

  // 3. IPFS
  const apiPort = await pickPort(Number(process.env.IPFS_API_PORT || 5001), freePort);
  const gatewayPort = await pickPort(Number(process.env.IPFS_GATEWAY_PORT || 8080), freePort);
  step(`starting the embedded IPFS node (API ${apiPort}, gateway ${gatewayPort})`);
  const { startIpfsNode } = await import(pathToFileURL(join(root, "ipfs", "src", "index.ts")).href);
  const quiet = { info() {}, warn: (m) => console.warn(c.dim(`  ipfs: ${m}`)) };
  const ipfs = await startIpfsNode({ apiPort, gatewayPort, log: quiet });
  cleanups.push(() => ipfs.close());

  // 4. demo data
  let crowd;
  if (!flags["no-seed"]) {
    step("seeding demo tasks (UCI handwritten digits, CC BY 4.0)");
    const { seedDemo } = await import(pathToFileURL(join(root, "web", "scripts", "seedDemo.ts")).href);
    const seeded = await seedDemo({
      rpcUrl: anvil.rpcUrl,
      deployment,
      ipfsApiUrl: ipfs.apiUrl,
      digitsPath: join(root, "demo", "digits", "digits.csv.gz"),
      outDir: join(root, ".crowdlabel", "demo"),
      log: (line) => console.log(c.dim(line)),
    });
    crowd = seeded.crowd;
    if (!flags["no-crowd"]) {
      crowd.start();
      cleanups.push(async () => crowd.stop());
    }
  }

  // 5. indexer
  const indexerPort = await pickPort(Number(process.env.INDEXER_PORT || 42069), freePort);
  const indexerUrl = `http://127.0.0.1:${indexerPort}`;
  if (!flags["no-indexer"] && existsSync(join(root, "indexer", "scripts", "ponder.mjs"))) {
    step(`starting the indexer (Ponder) on port ${indexerPort}`);
    // A fresh chain each run: a fresh indexer database too.
    const dataDir = join(root, ".crowdlabel", "indexer");
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const child = spawn("pnpm", ["--filter", "@crowdlabel/indexer", "run", "dev"], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        RPC_URL: anvil.rpcUrl,
        CHAIN_ID: String(anvil.chainId),
        DEPLOYMENT_FILE: join(root, outFile),
        IPFS_GATEWAY_URL: ipfs.gatewayUrl,
        IPFS_API_URL: ipfs.apiUrl,
        INDEXER_PORT: String(indexerPort),
        PONDER_PORT: String(await freePort()),
        INDEXER_DATA_DIR: dataDir,
      },
    });
    const logFile = join(root, ".crowdlabel", "indexer.log");
    const { createWriteStream } = await import("node:fs");
    const logStream = createWriteStream(logFile);
    child.stdout.pipe(logStream);
    child.stderr.pipe(logStream);
    child.on("exit", (code) => {
      if (!stopping) console.error(c.red(`  indexer exited (${code}); see ${relative(root, logFile)}. The web app falls back to chain reads.`));
    });
    cleanups.push(
      () =>
        new Promise((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", resolve);
          try {
            process.kill(-child.pid, "SIGINT");
          } catch {
            resolve();
          }
          setTimeout(() => {
            try {
              process.kill(-child.pid, "SIGKILL");
            } catch {}
          }, 4000).unref();
        }),
    );
    // Wait (bounded) for /health so the first page load has data.
    const until = Date.now() + 60_000;
    let healthy = false;
    while (Date.now() < until && child.exitCode === null) {
      try {
        const res = await fetch(`${indexerUrl}/health`);
        if (res.ok) {
          healthy = true;
          break;
        }
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(c.dim(healthy ? `  indexer healthy · log ${relative(root, logFile)}` : `  indexer not healthy yet (log: ${relative(root, logFile)}); the app reads the chain meanwhile`));
  }

  // 6. web app
  const webPort = await pickPort(Number(flags["web-port"]), freePort);
  step(`starting the web app on port ${webPort}`);
  const webEnv = {
    VITE_CHAIN_ID: String(anvil.chainId),
    VITE_RPC_URL: anvil.rpcUrl,
    // Through Vite's proxy: same origin for the browser whatever CORS the indexer sends.
    VITE_INDEXER_URL: "/indexer",
    INDEXER_PROXY_TARGET: indexerUrl,
    VITE_IPFS_API_URL: ipfs.apiUrl,
    VITE_IPFS_GATEWAY_URL: ipfs.gatewayUrl,
    VITE_CROWDLABEL_ADDRESS: deployment.crowdlabel,
    VITE_TOKEN_ADDRESS: deployment.token,
    VITE_START_BLOCK: String(deployment.startBlock),
    // Each fresh chain reuses the same addresses: scope the browser's saved work to this run.
    VITE_DEPLOYMENT_ID: `local-${Date.now().toString(36)}`,
  };
  Object.assign(process.env, webEnv);
  writeFileSync(join(root, ".crowdlabel", "web-config.json"), JSON.stringify({ ...deployment, rpcUrl: anvil.rpcUrl, indexerUrl, ipfsApiUrl: ipfs.apiUrl, ipfsGatewayUrl: ipfs.gatewayUrl }, null, 2));
  const { createServer } = await importFrom("vite");
  const vite = await createServer({ root: join(root, "web"), configFile: join(root, "web", "vite.config.ts"), server: { port: webPort, strictPort: true, host: "127.0.0.1" }, logLevel: "warn" });
  await vite.listen();
  cleanups.push(() => vite.close());
  const url = `http://127.0.0.1:${webPort}/`;

  // 7. banner
  const { privateKeyToAccount } = await importFrom("viem/accounts");
  const roles = ["deployer, owner of the demo tasks", "annotator", "annotator", "annotator", "annotator"];
  console.log(`\n${c.green("✓")} ${c.bold("Crowdlabel is running")}  ${c.bold(url)}\n`);
  console.log(`  chain     ${anvil.rpcUrl}  (chain id ${anvil.chainId})`);
  console.log(`  ipfs      API ${ipfs.apiUrl} · gateway ${ipfs.gatewayUrl}`);
  console.log(`  indexer   ${flags["no-indexer"] ? "off" : indexerUrl}`);
  console.log(`  contracts Crowdlabel ${deployment.crowdlabel} · tUSD ${deployment.token}`);
  console.log(`\n  Local test accounts (public anvil keys, funded on this chain only). In the app choose`);
  console.log(`  "Local test wallet" (no extension needed), or import a key into your wallet:`);
  for (let i = 0; i < 5; i++) {
    const account = privateKeyToAccount(anvilPrivateKeys[i]);
    console.log(`   #${i} ${account.address}  ${c.dim(anvilPrivateKeys[i])}  ${c.dim(roles[i])}`);
  }
  if (crowd) console.log(c.dim(`\n  Accounts #5-#9 are a simulated crowd: they labeled part of task #1 and reveal/finalise as batches fill.`));
  console.log(c.dim(`  Ground truth and gold files: .crowdlabel/demo/\n`));
  console.log(`  Press ${c.bold("Ctrl-C")} to stop everything.`);
} catch (error) {
  fail("the local stack did not start", error);
}

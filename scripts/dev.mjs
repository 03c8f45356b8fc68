#!/usr/bin/env node
// `pnpm dev`: the whole local stack in one command.
//   anvil -> deploy (forge script) -> embedded IPFS node -> demo tasks of real handwritten digits
//   (+ a small simulated crowd) -> indexer (Ponder) -> web app (Vite), then prints the URL and the
//   local test accounts. Ctrl-C stops everything. The services start through the end-to-end suite's
//   launcher (test/stack/startStack.ts) on the usual ports, with state under .crowdlabel/.
// Flags: --no-seed (skip demo data), --no-indexer, --no-crowd (no simulated annotators/keeper),
//        --web-port <n> (default 5173), --rpc-port <n> (default 8545).
// Environment: IPFS_API_PORT, IPFS_GATEWAY_PORT, INDEXER_PORT; CROWDLABEL_DATA_DIR (default .crowdlabel).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
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

// TypeScript sources (stack launcher, sdk, ipfs node, seed script) load through tsx.
const { register } = await importFrom("tsx/esm/api");
register();

const cleanups = [];
let stopping = false;
// Once stopping, the services' own output is muted: a dev server killed mid-task prints a stack trace that says nothing.
let quiet = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  quiet = code === 0;
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
  if (stopping) return;
  console.error(`\n${c.red("✗")} ${what}: ${error?.shortMessage ?? error?.message ?? error}`);
  if (error?.details) console.error(c.dim(error.details));
  void stopAll(1);
}

/** A path as the banner shows it: relative to the repository when inside it. */
const shown = (path) => (relative(root, path).startsWith("..") ? path : relative(root, path));
const source = (...path) => import(pathToFileURL(join(root, ...path)).href);

try {
  const { startStack } = await source("test", "stack", "startStack.ts");
  // Ctrl-C is ours: stopAll stops the stack (whatever is left still dies with the process).
  (await source("test", "stack", "processGroup.ts")).takeOverStopSignals();
  const { anvilPrivateKeys } = await source("sdk", "src", "devchain", "index.ts");
  const dataDir = process.env.CROWDLABEL_DATA_DIR ? resolve(process.env.CROWDLABEL_DATA_DIR) : join(root, ".crowdlabel");
  const indexerLog = join(dataDir, "indexer.log");
  let crowd;

  step(`starting anvil, the contracts (forge script), the embedded IPFS node, ${flags["no-indexer"] ? "" : "the indexer "}and the web app`);
  const aborter = new AbortController();
  const starting = startStack({
    chainId: 31337,
    deployWith: "forge",
    // The forge script writes only under .crowdlabel/ (foundry.toml fs_permissions): with another data folder the
    // deployment file goes to a .crowdlabel/stack-* folder removed on exit.
    deploymentDir: process.env.CROWDLABEL_DATA_DIR ? undefined : join(".crowdlabel", "deployments"),
    // IPFS blocks in .crowdlabel/ipfs (kept), the indexer in .crowdlabel/indexer (new each run, as the chain is).
    dataDir,
    ports: {
      anvil: Number(flags["rpc-port"]),
      ipfsApi: Number(process.env.IPFS_API_PORT || 5001),
      ipfsGateway: Number(process.env.IPFS_GATEWAY_PORT || 8080),
      indexer: Number(process.env.INDEXER_PORT || 42069),
      web: Number(flags["web-port"]),
    },
    portFallback: true,
    outageSwitches: false,
    seed: flags["no-seed"]
      ? undefined
      : async (chain) => {
          step("seeding demo tasks (UCI handwritten digits, CC BY 4.0)");
          const { seedDemo } = await source("web", "scripts", "seedDemo.ts");
          const seeded = await seedDemo({
            rpcUrl: chain.rpcUrl,
            deployment: chain.deployment,
            ipfsApiUrl: chain.ipfs.apiUrl,
            digitsPath: join(root, "demo", "digits", "digits.csv.gz"),
            outDir: join(dataDir, "demo"),
            log: (line) => quiet || console.log(c.dim(line)),
          });
          crowd = seeded.crowd;
          if (!flags["no-crowd"]) {
            crowd.start();
            cleanups.push(async () => crowd.stop());
          }
        },
    // Ponder's dev mode (reloads on indexer source changes); the web app reads the chain until it is healthy.
    indexer: flags["no-indexer"] ? false : { command: "dev", logFile: indexerLog, timeoutMs: 60_000, optional: true },
    web: "dev-server",
    // Each fresh chain reuses the same addresses: scope the browser's saved work to this run.
    deploymentId: `local-${Date.now().toString(36)}`,
    signal: aborter.signal,
    log: (line) => quiet || console.log(c.dim(`  ${line}`)),
  });
  cleanups.push(async () => {
    aborter.abort();
    const started = await starting.catch(() => undefined);
    await started?.stop();
  });
  const stack = await starting;

  if (stack.indexer) {
    const logName = shown(indexerLog);
    const { child } = stack.indexer.process;
    const exited = (code) => console.error(c.red(`  indexer exited (${code}); see ${logName}. The web app falls back to chain reads.`));
    if (child.exitCode !== null) exited(child.exitCode);
    else child.on("exit", (code) => stopping || exited(code));
    console.log(c.dim(stack.indexer.ready ? `  indexer healthy · log ${logName}` : `  indexer not healthy yet (log: ${logName}); the app reads the chain meanwhile`));
  }
  const { deployment, ipfs } = stack;
  const indexerUrl = stack.indexerUrl;
  writeFileSync(join(dataDir, "web-config.json"), JSON.stringify({ ...deployment, rpcUrl: stack.rpcUrl, indexerUrl, ipfsApiUrl: ipfs.apiUrl, ipfsGatewayUrl: ipfs.gatewayUrl }, null, 2));
  const url = `${stack.webUrl}/`;

  // banner
  const { privateKeyToAccount } = await importFrom("viem/accounts");
  const roles = ["deployer, owner of the demo tasks", "annotator", "annotator", "annotator", "annotator"];
  console.log(`\n${c.green("✓")} ${c.bold("Crowdlabel is running")}  ${c.bold(url)}\n`);
  console.log(`  chain     ${stack.rpcUrl}  (chain id ${stack.chainId})`);
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
  console.log(c.dim(`  Ground truth and gold files: ${shown(join(dataDir, "demo"))}/\n`));
  console.log(`  Press ${c.bold("Ctrl-C")} to stop everything.`);
} catch (error) {
  fail("the local stack did not start", error);
}

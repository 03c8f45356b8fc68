#!/usr/bin/env node
// `pnpm test`: every suite of the project — contracts, ipfs, sdk, indexer, web, and test/ (end-to-end
// in Chromium + crowd simulator) — and a loud failure naming the suite and showing its output.
//
// Order and parallelism, for a 2-core machine:
//   1. Chromium check (the end-to-end suite needs it; say how to install it before spending minutes).
//   2. forge build --sizes (artifacts everything else deploys from; EIP-170 size check).
//   3. forge test and web side by side: both only compute (fuzzing; unit tests, tsc, vite build), so
//      sharing the two cores slows them down but cannot make them fail.
//   4. then one at a time, the suites that run servers with timeouts (IPFS nodes, anvil, Ponder,
//      Chromium), which flake when starved of CPU: ipfs, sdk (checks the vectors forge test wrote),
//      indexer, test/ (end-to-end + simulator).
// A lane's output is buffered and printed when each suite ends, so the two lanes never interleave.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const red = (s) => (process.stdout.isTTY ? `\x1b[31m${s}\x1b[0m` : s);
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

if (!existsSync(chromium)) {
  console.error(
    red(
      [
        "",
        "✗ Chromium is missing: the end-to-end suite drives Debian's Chromium and never downloads a browser.",
        `  Looked for ${chromium}. Install it with:`,
        "",
        "      sudo apt-get install -y chromium",
        "",
        "  (or point CHROMIUM_PATH at a Chromium/Chrome binary), then run `pnpm test` again.",
        "",
      ].join("\n"),
    ),
  );
  process.exit(1);
}

const results = [];
const running = new Set();
let failed = false;
let failCode = 1;

/** Runs one suite with its output captured; prints it when done; on failure stops everything. */
function run(label, cmd, args) {
  if (failed) return Promise.resolve();
  const started = Date.now();
  console.log(`▶ ${label}: ${cmd} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    running.add(child);
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code, signal) => {
      running.delete(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (failed) return resolve(); // stopped because another suite failed
      console.log(`\n${bold(`=== ${label} (${seconds}s)`)}\n${output.trimEnd()}`);
      if (code === 0) {
        console.log(`✓ ${label} passed in ${seconds}s\n`);
        results.push([label, seconds]);
        return resolve();
      }
      failed = true;
      console.error(red(`\n✗ ${label} FAILED after ${seconds}s (exit ${code ?? signal}). Re-run it alone: ${cmd} ${args.join(" ")}\n`));
      for (const other of running) {
        try {
          process.kill(-other.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      failCode = code || 1;
      resolve();
    });
  });
}

function pkgSuite(pkg) {
  const manifest = join(root, pkg, "package.json");
  if (!existsSync(manifest)) return undefined;
  const { scripts = {} } = JSON.parse(readFileSync(manifest, "utf8"));
  return scripts.test ? () => run(pkg, "pnpm", ["--filter", `./${pkg}`, "run", "test"]) : undefined;
}

async function lane(...suites) {
  for (const suite of suites) if (suite && !failed) await suite();
}

for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    failed = true;
    for (const child of running) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });

const started = Date.now();
await run("bench runner", "node", ["--test", "scripts/bench-all.test.mjs"]);
await run("contract sizes (EIP-170)", "pnpm", ["exec", "forge", "build", "--sizes"]);
await Promise.all([lane(() => run("contracts", "pnpm", ["exec", "forge", "test"])), lane(pkgSuite("web"))]);
await lane(pkgSuite("ipfs"), pkgSuite("sdk"), pkgSuite("indexer"), pkgSuite("test"));
if (failed) process.exit(failCode);

const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(bold(`all suites passed in ${total}s${process.env.CI ? " (CI profile)" : ""}`));
for (const [label, seconds] of results) console.log(`  ${label.padEnd(26)} ${seconds.padStart(7)}s`);

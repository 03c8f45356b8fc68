#!/usr/bin/env node
// Runs every suite of the project in order and fails loudly on the first failure.
// Contracts first (everything else builds on their artifacts), then each package's own `test`.
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = ["ipfs", "sdk", "indexer", "web", "test"];

function run(label, cmd, args, cwd = root) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit", env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${label} failed after ${seconds}s (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${label} passed in ${seconds}s`);
}

const profile = process.env.CI ? ["ci"] : [];
run("contract sizes (EIP-170)", "pnpm", ["exec", "forge", "build", "--sizes"], root);
run("contracts", "pnpm", ["exec", "forge", "test"], root);
for (const pkg of packages) {
  const manifest = join(root, pkg, "package.json");
  if (!existsSync(manifest)) continue;
  const { scripts = {} } = JSON.parse(readFileSync(manifest, "utf8"));
  if (!scripts.test) continue;
  run(pkg, "pnpm", ["--filter", `./${pkg}`, "run", "test"], root);
}
if (profile.length) console.log("\nall suites passed (CI profile)");
else console.log("\nall suites passed");

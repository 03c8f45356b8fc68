#!/usr/bin/env node
// Runs `ponder <command>` with the indexer's defaults: the public API on INDEXER_PORT (42069, served by
// src/api/index.ts, with /health), Ponder's own server on PONDER_PORT (INDEXER_PORT + 1), the database
// schema from DATABASE_SCHEMA (default "crowdlabel") and telemetry off.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [command = "start", ...rest] = process.argv.slice(2);
const indexerPort = Number(process.env.INDEXER_PORT || 42069);
const ponderPort = Number(process.env.PONDER_PORT || indexerPort + 1);
const args = [command, "--port", String(ponderPort), ...rest];
if (command !== "dev" || process.env.DATABASE_SCHEMA) args.push("--schema", process.env.DATABASE_SCHEMA || "crowdlabel");
if (command === "dev") args.push("--disable-ui");
const child = spawn(join(root, "node_modules", ".bin", "ponder"), args, {
  cwd: root,
  stdio: "inherit",
  env: { PONDER_TELEMETRY_DISABLED: "true", ...process.env, INDEXER_PORT: String(indexerPort) },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

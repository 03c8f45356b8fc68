#!/usr/bin/env node
// `pnpm bench`: runs every benchmark of the project that exists, one after another, and writes one summary
// (BENCHMARKS.md at the root). A failing benchmark is reported as FAILED and the others still run; the runner
// then exits 1. BENCH_TIMEOUT_MS (default 30 min) bounds each benchmark: its whole process group is stopped.
// `node scripts/bench-all.mjs --only gas,sdk` runs a subset (ids: gas, ipfs, sdk, indexer, web, simulate);
// `--out FILE` writes elsewhere (e.g. `--only web --out /tmp/web.md` leaves BENCHMARKS.md alone).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { killAllNow, runWithTimeout, statusOf, stopAll } from "./bench-run.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argValue = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const only = argValue("only")?.split(",");
const outFile = argValue("out") ?? join(root, "BENCHMARKS.md");
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS || 30 * 60_000);
const KILL_GRACE_MS = 5000; // SIGTERM → SIGKILL of a timed-out benchmark's process group
const TAIL_LINES = 15;

const scriptsOf = (dir) => {
  const file = join(root, dir, "package.json");
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, "utf8")).scripts ?? {};
};

/** Every benchmark the project knows; `present` says whether this checkout has it. */
const benches = [
  {
    id: "gas",
    title: "Contract gas (forge)",
    command: ["pnpm", "bench:gas"],
    present: () => Boolean(scriptsOf(".")["bench:gas"]) && existsSync(join(root, "contracts", "test", "bench")),
  },
  {
    id: "ipfs",
    title: "IPFS node",
    command: ["pnpm", "--filter", "@crowdlabel/ipfs", "bench"],
    present: () => Boolean(scriptsOf("ipfs").bench),
    resultFiles: ["ipfs/bench-results.json"],
  },
  {
    id: "sdk",
    title: "SDK (aggregation, manifests, exports)",
    command: ["pnpm", "--filter", "@crowdlabel/sdk", "bench"],
    present: () => Boolean(scriptsOf("sdk").bench),
    resultFiles: ["sdk/bench/results.json", "sdk/bench-results.json"],
  },
  {
    id: "indexer",
    title: "Indexer",
    command: ["pnpm", "--filter", "@crowdlabel/indexer", "bench"],
    present: () => Boolean(scriptsOf("indexer").bench),
    resultFiles: ["indexer/bench-results.json", "indexer/bench/results.json"],
  },
  {
    id: "web",
    title: "Web app",
    command: ["pnpm", "--filter", "@crowdlabel/web", "bench"],
    present: () => Boolean(scriptsOf("web").bench),
    resultFiles: ["web/bench-results.json", "web/bench/results.json"],
  },
  {
    id: "simulate",
    title: "Crowd simulation (test/sim)",
    command: ["pnpm", "--filter", "@crowdlabel/test", "bench:sim"],
    present: () => Boolean(scriptsOf("test")["bench:sim"]),
    resultFiles: [],
  },
];

/** Runs a command (its own process group, killed whole on timeout), echoing its output, and keeps the output for parsing. */
const run = (command) =>
  runWithTimeout(command, {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: "0" },
    timeoutMs: TIMEOUT_MS,
    graceMs: KILL_GRACE_MS,
    onOutput: (chunk) => process.stdout.write(chunk),
  });

// Ctrl-C / kill of the runner: the benchmark runs in its own process group (it does not get the terminal's
// SIGINT), so stop that group — anvil, ponder and all — then exit without writing the (partial) summary.
// A second signal kills at once.
let stopping; // the signal handler's clean-up, which ends in process.exit
for (const [signal, number] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]])
  process.on(signal, () => {
    if (stopping) {
      killAllNow();
      process.exit(128 + number);
    }
    console.error(`\n${signal}: stopping the running benchmark…`);
    stopping = stopAll(KILL_GRACE_MS).then(() => process.exit(128 + number));
  });
process.on("exit", killAllNow);

const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
const NUMBER = /^-?\d[\d,_]*(\.\d+)?([eE][-+]?\d+)?$/;

/** `name value [unit]` lines after `--- results ---` (the convention). */
function parseResultsBlock(text) {
  const lines = stripAnsi(text).split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === "--- results ---");
  if (start < 0) return [];
  const figures = [];
  for (const line of lines.slice(start + 1)) {
    const m = line.trim().match(/^(\S+)\s+(\S+)(?:\s+(.*))?$/);
    if (!m || !NUMBER.test(m[2])) continue;
    figures.push({ name: m[1], value: Number(m[2].replace(/[,_]/g, "")), unit: (m[3] ?? "").trim() });
  }
  return figures;
}

/** Lines that look like `snake_case_name 12345 [unit]` anywhere in the output (forge console.log figures). */
function parseLooseLines(text) {
  const figures = [];
  for (const line of stripAnsi(text).split(/\r?\n/)) {
    const m = line.trim().match(/^([a-z][a-z0-9_]*):?\s+(-?\d[\d,_]*(?:\.\d+)?)(?:\s+([A-Za-z/%][\w/%]*))?$/);
    if (m) figures.push({ name: m[1], value: Number(m[2].replace(/[,_]/g, "")), unit: m[3] ?? "" });
  }
  return figures;
}

/** Numeric leaves of a JSON document, named by their path; `{name, value, unit}` records keep their own name. */
function flattenJson(value, prefix = "", out = []) {
  if (value && typeof value === "object" && typeof value.name === "string" && typeof value.value === "number") {
    out.push({ name: value.name, value: value.value, unit: typeof value.unit === "string" ? value.unit : "" });
  } else if (typeof value === "number" && Number.isFinite(value)) out.push({ name: prefix || "value", value, unit: "" });
  else if (Array.isArray(value)) value.forEach((v, i) => flattenJson(v, `${prefix}[${i}]`, out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k === "unit" || k === "units") continue;
      flattenJson(v, prefix ? `${prefix}.${k}` : k, out);
    }
  return out;
}

function parseResultFiles(bench, startedAt) {
  for (const rel of bench.resultFiles ?? []) {
    const file = join(root, rel);
    if (!existsSync(file) || statSync(file).mtimeMs < startedAt - 1000) continue;
    try {
      const figures = flattenJson(JSON.parse(readFileSync(file, "utf8")));
      if (figures.length) return { figures, from: rel };
    } catch {
      // not JSON: fall through to the output
    }
  }
  return undefined;
}

const fmt = (v) => (Number.isInteger(v) ? v.toLocaleString("en-US") : Math.abs(v) >= 100 ? v.toFixed(1) : String(+v.toPrecision(4)));
const cell = (s) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");

// Read before the benchmarks run: they rewrite their committed results files, which would mark any tree dirty.
const measuredAt = commitOf();
const results = [];
for (const bench of benches) {
  if (only && !only.includes(bench.id)) continue;
  if (!bench.present()) {
    results.push({ bench, status: "not present", figures: [], tail: [], seconds: 0 });
    continue;
  }
  console.log(`\n=== bench ${bench.id}: ${bench.command.join(" ")}`);
  const startedAt = Date.now();
  const outcome = await run(bench.command);
  if (stopping) await stopping; // interrupted: never write a summary of a run cut short
  const { output, seconds } = outcome;
  let figures = parseResultsBlock(output);
  let from = figures.length ? "`--- results ---` block" : "";
  const file = parseResultFiles(bench, startedAt);
  if (!figures.length && file) ({ figures, from } = { figures: file.figures, from: `\`${file.from}\`` });
  if (!figures.length) {
    figures = parseLooseLines(output);
    from = figures.length ? "`name value` lines of the output" : "";
  }
  const tail = stripAnsi(output).trimEnd().split(/\r?\n/).slice(-TAIL_LINES);
  results.push({ bench, status: statusOf(outcome, TIMEOUT_MS), figures, from, tail, seconds });
}

/** The commit the figures were measured at, marked when the working tree had changes. */
function commitOf() {
  const git = (args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git(["rev-parse", "--short=12", "HEAD"]);
  if (head.status !== 0) return "unknown (not a git checkout)";
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]).stdout.trim() !== "";
  return `${head.stdout.trim()}${dirty ? " with uncommitted changes" : ""}`;
}

const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB memory, Node ${process.version}, ${process.platform}/${process.arch}`;
const md = [];
md.push("# Benchmarks", "");
md.push(`Generated by \`pnpm bench\` (scripts/bench-all.mjs) on ${new Date().toISOString()} at commit ${measuredAt}.`, "", `Machine: ${machine}.`, "");
md.push(
  "Convention: a benchmark prints its figures after a line `--- results ---`, one per line as `name value unit`",
  "(name without spaces, value a plain number). Failing that, the runner reads the benchmark's JSON results file",
  "(numeric leaves, named by their path) or `name value` lines anywhere in the output (forge's console output); a",
  "benchmark with no parseable figure is shown by the last lines of its output. A failing benchmark is reported as",
  "FAILED and the others still run. Regenerate with `pnpm bench`.",
  "",
);
md.push("| benchmark | command | status | time | figures |", "|---|---|---|---:|---:|");
for (const r of results)
  md.push(`| ${r.bench.title} | \`${r.bench.command.join(" ")}\` | ${r.status} | ${r.seconds ? `${r.seconds.toFixed(1)} s` : "—"} | ${r.figures.length} |`);
md.push("");
for (const r of results) {
  if (r.status === "not present") continue;
  md.push(`## ${r.bench.title}`, "");
  md.push(`\`${r.bench.command.join(" ")}\` — ${r.status}, ${r.seconds.toFixed(1)} s.`, "");
  if (r.figures.length) {
    md.push(`Figures from the ${r.from}:`, "", "| name | value | unit |", "|---|---:|---|");
    for (const f of r.figures) md.push(`| ${cell(f.name)} | ${fmt(f.value)} | ${cell(f.unit)} |`);
    md.push("");
  }
  if (!r.figures.length || r.status !== "ok") md.push(`Last ${r.tail.length} lines of output:`, "", "```", ...r.tail, "```", "");
}
writeFileSync(outFile, `${md.join("\n")}\n`);
console.log(`\nwrote ${outFile}`);
for (const r of results) console.log(`${r.status === "ok" ? "ok    " : r.status === "not present" ? "absent" : "FAILED"} ${r.bench.id}${r.seconds ? ` (${r.seconds.toFixed(1)} s, ${r.figures.length} figures)` : ""}`);
const failures = results.filter((r) => r.status !== "ok" && r.status !== "not present");
if (failures.length) {
  console.error(`\n${failures.length} benchmark(s) failed: ${failures.map((r) => `${r.bench.id} (${r.status})`).join(", ")}`);
  process.exitCode = 1;
}

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CrowdlabelError } from "@crowdlabel/sdk";
import { defaultDatasets } from "./findDatasets.ts";
import { renderHtml } from "./renderHtml.ts";
import { renderMarkdown } from "./renderMarkdown.ts";
import { runSimulation, type SimulationReport } from "./runSimulation.ts";
import { SimulationError } from "./SimulationError.ts";

const USAGE = `Usage: pnpm simulate [--datasets a,b] [--items N] [--workers N] [--no-adversaries] [--no-indexer] [--index-all]
  [--replicates N] [--replicate-datasets a,b] [--sweep-dataset NAME | --no-sweep] [--seed N] [--out DIR]`;

/**
 * `pnpm simulate` (options in USAGE): replays real crowd labels through anvil + the contracts + IPFS + the indexer + the exporters and writes
 * report.{md,json,html}. Bad options and bad dataset files end the run with one message, before any chain starts.
 */
function parseOptions() {
  const args = process.argv.slice(2);
  // `pnpm simulate -- --x` hands the script a literal "--" first.
  if (args[0] === "--") args.shift();
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      datasets: { type: "string" },
      items: { type: "string" },
      workers: { type: "string" },
      "no-adversaries": { type: "boolean" },
      "no-indexer": { type: "boolean" },
      "index-all": { type: "boolean" },
      replicates: { type: "string" },
      "replicate-datasets": { type: "string" },
      "sweep-dataset": { type: "string" },
      "no-sweep": { type: "boolean" },
      seed: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const count = (name: keyof typeof values, min: number) => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (typeof raw !== "string" || !/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min)
      throw new SimulationError(`--${name} must be a whole number >= ${min}, not "${String(raw)}".`);
    return n;
  };
  const list = (name: "datasets" | "replicate-datasets") => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const names = raw.split(",").map((x) => x.trim()).filter(Boolean);
    if (names.length === 0) throw new SimulationError(`--${name} needs at least one dataset name.`);
    return names;
  };
  if (values["sweep-dataset"] !== undefined && values["no-sweep"]) throw new SimulationError("--sweep-dataset and --no-sweep contradict each other; give one.");
  const items = count("items", 1);
  const workers = count("workers", 1);
  return {
    help: values.help === true,
    out: values.out ?? join(here, "report"),
    options: {
      datasets: list("datasets") ?? [...defaultDatasets],
      limit: items !== undefined || workers !== undefined ? { items, workers } : undefined,
      adversaries: !values["no-adversaries"],
      indexer: !values["no-indexer"],
      indexAll: values["index-all"] === true,
      replicates: { count: count("replicates", 1) ?? 20, datasets: list("replicate-datasets") ?? ["bluebirds"] },
      gasSweep: values["no-sweep"] ? undefined : { dataset: values["sweep-dataset"] ?? "d_product", redundancy: 3, batchSizes: [32, 64, 128, 256] },
      seed: count("seed", 0) ?? 1,
    },
  };
}

const here = dirname(fileURLToPath(import.meta.url));
let parsed: ReturnType<typeof parseOptions>;
let report: SimulationReport;
try {
  parsed = parseOptions();
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  report = await runSimulation({ ...parsed.options, log: (line) => console.log(line) });
} catch (error) {
  // Our own errors and Node's option parsing say what to fix in one message; anything else keeps its stack.
  const parseError = (error as { code?: unknown }).code?.toString().startsWith("ERR_PARSE_ARGS");
  if (error instanceof CrowdlabelError || parseError) {
    console.error(`pnpm simulate: ${error instanceof Error ? error.message : String(error)}`);
    if (parseError) console.error(USAGE);
    process.exit(1);
  }
  throw error;
}
const { out } = parsed;
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(out, "report.md"), renderMarkdown(report));
writeFileSync(join(out, "report.html"), renderHtml(report));

console.log("");
for (const m of report.missing) console.log(`MISSING ${m.name}: ${m.message.split("\n")[0]}`);
for (const c of report.checks) console.log(`${c.pass ? "PASS" : "FAIL"} ${c.name} — ${c.detail}`);
console.log("\n--- results ---");
for (const row of report.rows) {
  const key = row.key.replace(/[^A-Za-z0-9_.=+-]+/g, "_");
  console.log(`sim_${key}_consensus_accuracy ${row.consensusAccuracy.toFixed(4)} ratio`);
  console.log(`sim_${key}_ds_accuracy ${row.dsAccuracy.toFixed(4)} ratio`);
  console.log(`sim_${key}_gas_per_label ${Math.round(row.gas.perLabel)} gas`);
}
for (const [name, rep] of Object.entries(report.reputation)) console.log(`sim_${name}_reputation_spearman ${rep.spearman.toFixed(4)} ratio`);
for (const x of report.replicates) {
  console.log(`sim_${x.dataset}_adaptive_accuracy_mean ${x.adaptive.consensusAccuracy.mean.toFixed(4)} ratio`);
  console.log(`sim_${x.dataset}_adaptive_accuracy_sd ${x.adaptive.consensusAccuracy.sd.toFixed(4)} ratio`);
  console.log(`sim_${x.dataset}_fixed_accuracy_mean ${x.fixed.consensusAccuracy.mean.toFixed(4)} ratio`);
  console.log(`sim_${x.dataset}_adaptive_labels_paid_mean ${x.adaptive.labelsPaid.mean.toFixed(1)} labels`);
  console.log(`sim_${x.dataset}_fixed_labels_paid_mean ${x.fixed.labelsPaid.mean.toFixed(1)} labels`);
}
if (report.gasSweep)
  for (const row of report.gasSweep.rows) console.log(`sim_${row.dataset}_R=${report.gasSweep.redundancy}_batch_${row.batchSize}_gas_per_label ${Math.round(row.gas.perLabel)} gas`);
if (report.indexing?.readySeconds != null) console.log(`sim_indexer_ready_seconds ${report.indexing.readySeconds.toFixed(1)} s`);
for (const d of report.indexing?.datasets ?? []) if (d.indexedAtSeconds !== null) console.log(`sim_indexer_${d.name}_indexed_after_seconds ${d.indexedAtSeconds.toFixed(0)} s`);
console.log(`sim_checks_passed ${report.checks.filter((c) => c.pass).length} count`);
console.log(`sim_checks_failed ${report.checks.filter((c) => !c.pass).length} count`);
console.log(`sim_total_seconds ${report.seconds.toFixed(1)} s`);
console.log(`\nreport written to ${out}/report.{md,json,html}`);

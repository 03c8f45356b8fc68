import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultDatasets } from "./findDatasets.ts";
import { renderHtml } from "./renderHtml.ts";
import { renderMarkdown } from "./renderMarkdown.ts";
import { runSimulation } from "./runSimulation.ts";

/**
 * `pnpm simulate [--datasets a,b] [--items N] [--workers N] [--no-adversaries] [--no-indexer] [--index-all]
 *   [--replicates N] [--replicate-datasets a,b] [--sweep-dataset NAME | --no-sweep] [--seed N] [--out DIR]`
 * Replays real crowd labels through anvil + the contracts + IPFS + the indexer + the exporters and writes
 * report.{md,json,html}.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = dirname(fileURLToPath(import.meta.url));
const out = arg("out") ?? join(here, "report");
const items = arg("items");
const list = (name: string) => arg(name)?.split(",").filter(Boolean);
const datasets = list("datasets") ?? [...defaultDatasets];
const workers = arg("workers");
const report = await runSimulation({
  datasets,
  limit: items || workers ? { items: items ? Number(items) : undefined, workers: workers ? Number(workers) : undefined } : undefined,
  adversaries: !process.argv.includes("--no-adversaries"),
  indexer: !process.argv.includes("--no-indexer"),
  indexAll: process.argv.includes("--index-all"),
  replicates: { count: Number(arg("replicates") ?? 20), datasets: list("replicate-datasets") ?? ["bluebirds"] },
  gasSweep: process.argv.includes("--no-sweep") ? undefined : { dataset: arg("sweep-dataset") ?? "d_product", redundancy: 3, batchSizes: [32, 64, 128, 256] },
  seed: Number(arg("seed") ?? 1),
  log: (line) => console.log(line),
});

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

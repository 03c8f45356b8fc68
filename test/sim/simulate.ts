import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultDatasets } from "./findDatasets.ts";
import { renderHtml } from "./renderHtml.ts";
import { renderMarkdown } from "./renderMarkdown.ts";
import { runSimulation } from "./runSimulation.ts";

/**
 * `pnpm simulate [--datasets a,b] [--items N] [--workers N] [--no-adversaries] [--indexer-url URL] [--out DIR]`
 * Replays real crowd labels through anvil + the contracts + the exporters and writes report.{md,json,html}.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const here = dirname(fileURLToPath(import.meta.url));
const out = arg("out") ?? join(here, "report");
const items = arg("items");
const workers = arg("workers");
const report = await runSimulation({
  datasets: arg("datasets")?.split(",").filter(Boolean) ?? [...defaultDatasets],
  limit: items || workers ? { items: items ? Number(items) : undefined, workers: workers ? Number(workers) : undefined } : undefined,
  adversaries: !process.argv.includes("--no-adversaries"),
  indexerUrl: arg("indexer-url") ?? process.env.INDEXER_URL,
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
console.log(`sim_checks_passed ${report.checks.filter((c) => c.pass).length} count`);
console.log(`sim_checks_failed ${report.checks.filter((c) => !c.pass).length} count`);
console.log(`sim_total_seconds ${report.seconds.toFixed(1)} s`);
console.log(`\nreport written to ${out}/report.{md,json,html}`);

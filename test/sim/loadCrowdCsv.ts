import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "@crowdlabel/sdk";
import type { CrowdDataset, RecordedLabel } from "./crowdDataset.ts";
import { SimulationError } from "./SimulationError.ts";

/** Rows of a CSV file as objects keyed by the header. */
export async function readCsvRows(path: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  let header: string[] | undefined;
  for await (const record of parseCsv([readFileSync(path, "utf8")])) {
    if (!header) {
      header = record.map((h) => h.trim());
      continue;
    }
    if (record.length === 1 && record[0] === "") continue;
    const row: Record<string, string> = {};
    header.forEach((name, i) => (row[name] = record[i] ?? ""));
    rows.push(row);
  }
  return rows;
}

/** Which column holds what, for CSVs that do not use `question,worker,answer` / `question,truth`. */
export type CrowdColumns = { item: string; worker: string; label: string; truth: string };

const standardColumns: CrowdColumns = { item: "question", worker: "worker", label: "answer", truth: "truth" };

function toLabel(value: string | undefined, where: string): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isInteger(n) || n < 0)
    throw new SimulationError(`Invalid label "${value}" in ${where}.`, { details: "Labels must be integers 0..K-1." });
  return n;
}

/** Builds a dataset from label rows and truth rows (any column names). */
export function crowdDatasetFromRows(options: {
  name: string;
  source: string;
  answers: readonly Record<string, string>[];
  truths: readonly Record<string, string>[];
  columns?: Partial<CrowdColumns>;
}): CrowdDataset {
  const col = { ...standardColumns, ...options.columns };
  const labels = new Map<string, RecordedLabel[]>();
  const workers: string[] = [];
  const seenWorkers = new Set<string>();
  const truth = new Map<string, number>();
  let maxLabel = 0;
  for (const row of options.truths) {
    const item = row[col.item];
    if (item === undefined || item === "") continue;
    if (truth.has(item)) continue;
    const value = toLabel(row[col.truth], `${options.name} truth of ${item}`);
    truth.set(item, value);
    maxLabel = Math.max(maxLabel, value);
    labels.set(item, []);
  }
  for (const row of options.answers) {
    const item = row[col.item];
    const worker = row[col.worker];
    if (!item || !worker) throw new SimulationError(`A label row of ${options.name} has no item or worker.`, { details: JSON.stringify(row) });
    const label = toLabel(row[col.label], `${options.name} item ${item}`);
    maxLabel = Math.max(maxLabel, label);
    let list = labels.get(item);
    if (!list) labels.set(item, (list = []));
    // A worker labels an item once: keep the first answer.
    if (list.some((l) => l.worker === worker)) continue;
    list.push({ worker, label });
    if (!seenWorkers.has(worker)) {
      seenWorkers.add(worker);
      workers.push(worker);
    }
  }
  const items = [...labels.keys()].filter((item) => (labels.get(item)?.length ?? 0) > 0);
  return { name: options.name, source: options.source, items, workers, labels, truth, classCount: Math.max(2, maxLabel + 1) };
}

/** Reads the `answer.csv` (`question,worker,answer`) + `truth.csv` (`question,truth`) pair in `dir`. */
export async function loadCrowdCsv(name: string, dir: string): Promise<CrowdDataset> {
  return crowdDatasetFromRows({
    name,
    source: dir,
    answers: await readCsvRows(join(dir, "answer.csv")),
    truths: await readCsvRows(join(dir, "truth.csv")),
  });
}

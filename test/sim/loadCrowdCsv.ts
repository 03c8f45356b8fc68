import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_CLASSES, parseCsv } from "@crowdlabel/sdk";
import type { CrowdDataset, RecordedLabel } from "./crowdDataset.ts";
import { SimulationError } from "./SimulationError.ts";

/** A CSV file's rows as objects keyed by the header, each with its line number (1 is the header). */
export type CsvRows = { path: string; header: string[]; rows: { line: number; values: Record<string, string> }[] };

/** Reads a CSV file with a header line. */
export async function readCsvRows(path: string): Promise<CsvRows> {
  const rows: CsvRows["rows"] = [];
  let header: string[] | undefined;
  let line = 0;
  for await (const record of parseCsv([readFileSync(path, "utf8")])) {
    line++;
    if (!header) {
      header = record.map((h) => h.trim());
      continue;
    }
    if (record.length === 1 && record[0] === "") continue;
    const values: Record<string, string> = {};
    header.forEach((name, i) => (values[name] = record[i] ?? ""));
    rows.push({ line, values });
  }
  return { path, header: header ?? [], rows };
}

/** Which column holds what, for CSVs that do not use `question,worker,answer` / `question,truth`. */
export type CrowdColumns = { item: string; worker: string; label: string; truth: string };

const standardColumns: CrowdColumns = { item: "question", worker: "worker", label: "answer", truth: "truth" };

/** Largest class id a task can have (sdk MAX_CLASSES classes, plus "cannot label"). */
const MAX_LABEL = MAX_CLASSES - 1;

function requireColumns(file: CsvRows, columns: readonly string[]): void {
  const absent = columns.filter((c) => !file.header.includes(c));
  if (absent.length > 0)
    throw new SimulationError(`${file.path} has no column ${absent.map((c) => `"${c}"`).join(", ")}.`, {
      details: `Its header is "${file.header.join(",")}"; this file needs the columns ${columns.join(", ")} (labels are class ids 0..K-1).`,
    });
}

function toLabel(value: string | undefined, where: string): number {
  const n = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isInteger(n) || n < 0 || n > MAX_LABEL)
    throw new SimulationError(`Invalid label "${value ?? ""}" at ${where}.`, { details: `Labels must be class ids, integers 0..${MAX_LABEL}.` });
  return n;
}

/** Builds a dataset from a label file and a truth file (any column names). */
export function crowdDatasetFromRows(options: { name: string; source: string; answers: CsvRows; truths: CsvRows; columns?: Partial<CrowdColumns> }): CrowdDataset {
  const col = { ...standardColumns, ...options.columns };
  requireColumns(options.answers, [col.item, col.worker, col.label]);
  requireColumns(options.truths, [col.item, col.truth]);
  const labels = new Map<string, RecordedLabel[]>();
  const workers: string[] = [];
  const seenWorkers = new Set<string>();
  const truth = new Map<string, number>();
  let maxLabel = 0;
  for (const { line, values } of options.truths.rows) {
    const item = values[col.item];
    if (item === undefined || item === "") continue;
    if (truth.has(item)) continue;
    const value = toLabel(values[col.truth], `${options.truths.path} line ${line} (truth of ${item})`);
    truth.set(item, value);
    maxLabel = Math.max(maxLabel, value);
    labels.set(item, []);
  }
  for (const { line, values } of options.answers.rows) {
    const item = values[col.item];
    const worker = values[col.worker];
    if (!item || !worker) throw new SimulationError(`${options.answers.path} line ${line} has no ${item ? "worker" : "item"}.`, { details: JSON.stringify(values) });
    const label = toLabel(values[col.label], `${options.answers.path} line ${line} (item ${item})`);
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
  const withTruth = items.filter((item) => truth.has(item)).length;
  if (withTruth === 0)
    throw new SimulationError(`No labeled item of ${options.name} has a ground truth.`, {
      details: `${items.length} items have labels in ${options.answers.path}, and none of them is in ${options.truths.path} (${truth.size} truths). Accuracy needs both.`,
    });
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

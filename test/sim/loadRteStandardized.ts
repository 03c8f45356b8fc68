import { join } from "node:path";
import type { CrowdDataset } from "./crowdDataset.ts";
import { crowdDatasetFromRows, readCsvRows } from "./loadCrowdCsv.ts";

/**
 * Snow et al.'s RTE in CrowdTruth's `rte.standardized.csv`: `!amt_worker_ids` is the worker,
 * `orig_id` the item, `response` the label and `gold` the expert label (repeated on every row).
 */
export async function loadRteStandardized(name: string, dir: string): Promise<CrowdDataset> {
  const rows = await readCsvRows(join(dir, "rte.standardized.csv"));
  return crowdDatasetFromRows({
    name,
    source: dir,
    answers: rows,
    truths: rows,
    columns: { item: "orig_id", worker: "!amt_worker_ids", label: "response", truth: "gold" },
  });
}

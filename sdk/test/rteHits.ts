import { readFileSync } from "node:fs";

const rows = (file: string) =>
  readFileSync(new URL(`data/rte/${file}`, import.meta.url), "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => line.split(","));

/**
 * RTE (test/data/rte) as it was collected: one HIT per exact set of 10 workers, with the items they all labeled.
 * `workers` are in sorted id order; `labelOf` gives a worker's label on an item, `truth` the gold answer.
 */
export function rteHits(): { hits: { workers: string[]; items: string[] }[]; labelOf: (item: string, worker: string) => number; truth: Map<string, number> } {
  const byItem = new Map<string, Map<string, number>>();
  for (const [item, worker, answer] of rows("answer.csv")) byItem.set(item!, (byItem.get(item!) ?? new Map()).set(worker!, Number(answer)));
  const hits = new Map<string, string[]>();
  for (const [item, labels] of byItem) {
    const key = [...labels.keys()].sort().join(" ");
    hits.set(key, [...(hits.get(key) ?? []), item]);
  }
  return {
    hits: [...hits].map(([key, items]) => ({ workers: key.split(" "), items })),
    labelOf: (item, worker) => byItem.get(item)!.get(worker)!,
    truth: new Map(rows("truth.csv").map(([item, value]) => [item!, Number(value)])),
  };
}

import { readFileSync } from "node:fs";
import { buildCrowdLabels, type CrowdLabels } from "../src/aggregation/crowdLabels.ts";

/** Reads a `question,worker,answer` + `question,truth` pair (the layout of test/data/* and ../shared/datasets/*). */
export function loadCrowdCsv(dir: string): { data: CrowdLabels<string, string>; truth: Map<string, number> } {
  const rows = (file: string) =>
    readFileSync(`${dir}/${file}`, "utf8")
      .split(/\r?\n/)
      .slice(1)
      .filter((line) => line.length > 0)
      .map((line) => line.split(","));
  const triples = rows("answer.csv").map(([item, worker, answer]) => ({ item: item!, worker: worker!, label: Number(answer) }));
  const truth = new Map(rows("truth.csv").map(([item, value]) => [item!, Number(value)]));
  return { data: buildCrowdLabels(triples, { classCount: 2 }), truth };
}

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sliceDataset } from "./crowdDataset.ts";
import { loadDataset } from "./findDatasets.ts";
import { loadCrowdCsv } from "./loadCrowdCsv.ts";

function datasetDir(answers: string, truths: string): string {
  const dir = mkdtempSync(join(tmpdir(), "crowd-csv-"));
  writeFileSync(join(dir, "answer.csv"), answers);
  writeFileSync(join(dir, "truth.csv"), truths);
  return dir;
}

const message = async (answers: string, truths = "question,truth\nq1,0\nq2,1\n") =>
  loadCrowdCsv("bad", datasetDir(answers, truths)).then(
    () => "loaded",
    (error: Error) => error.message,
  );

describe("loading a question,worker,answer + question,truth pair", () => {
  it("names the file, the missing column and the header it found", async () => {
    expect(await message("question,worker,label\nq1,w1,0\n")).toMatch(/answer\.csv has no column "answer"\.[\s\S]*Its header is "question,worker,label"/);
    expect(await message("question,worker,answer\nq1,w1,0\n", "item,truth\nq1,0\n")).toMatch(/truth\.csv has no column "question"/);
  });

  it("names the file and line of a label that is not a class id", async () => {
    expect(await message("question,worker,answer\nq1,w1,0\nq2,w1,yes\n")).toMatch(/Invalid label "yes" at .*answer\.csv line 3 \(item q2\)[\s\S]*0\.\.254/);
    expect(await message("question,worker,answer\nq1,w1,300\n")).toMatch(/Invalid label "300" at .*answer\.csv line 2/);
    expect(await message("question,worker,answer\nq1,,1\n")).toMatch(/answer\.csv line 2 has no worker/);
  });

  it("refuses labels that no truth can score, and keeps items that have one", async () => {
    expect(await message("question,worker,answer\nq1,w1,0\n", "question,truth\nq9,0\n")).toMatch(/No labeled item of bad has a ground truth/);
    const partial = await loadCrowdCsv("partial", datasetDir("question,worker,answer\nq1,w1,0\nq3,w1,1\n", "question,truth\nq1,0\n"));
    expect([partial.items, [...partial.truth.keys()]]).toEqual([["q1", "q3"], ["q1"]]);
  });
});

describe("slicing a dataset for a quick run", () => {
  it("drops items none of the kept workers labeled, so a sparse dataset still yields rows", async () => {
    // rte's first 100 items: 51 of them have no label by its first 2 workers.
    const slice = sliceDataset(await loadDataset("rte"), { items: 100, workers: 2 });
    expect(slice.items).toHaveLength(49);
    expect(slice.items.every((item) => (slice.labels.get(item)?.length ?? 0) > 0)).toBe(true);
    expect(slice.workers).toHaveLength(2);
  });
});

import { describe, expect, it } from "vitest";
import { unzipSync, strFromU8 } from "fflate";
import { syntheticImage, syntheticSource } from "../../test/syntheticSource.ts";
import { exportJsonl } from "./exportJsonl.ts";
import { exportCsv, csvColumns } from "./exportCsv.ts";
import { exportCoco } from "./exportCoco.ts";
import { exportHfImagefolder } from "./exportHfImagefolder.ts";
import { aggregateDataset } from "./aggregateDataset.ts";
import { datasetStats } from "./datasetStats.ts";
import { verifyExport } from "./verifyExport.ts";
import { parseCsv } from "./parseCsv.ts";
import { itemRecords } from "./itemRecords.ts";

const { source, truth } = await syntheticSource({ itemCount: 120, batchSize: 50, seed: 2 });
const aggregation = aggregateDataset(source);

async function collect(iterable: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of iterable) out += chunk;
  return out;
}

describe("itemRecords", () => {
  it("follows the contract's consensus and carries provenance", () => {
    const records = [...itemRecords(source, aggregation)];
    expect(records).toHaveLength(120);
    expect(records.map((r) => r.index)).toEqual(records.map((_, i) => i));
    const resolved = records.filter((r) => r.resolved);
    expect(resolved.length).toBeGreaterThan(100);
    const correct = resolved.filter((r) => r.consensus === truth[r.index]).length;
    expect(correct / resolved.length).toBeGreaterThan(0.9);
    for (const r of records) {
      expect(r.finaliseTx).toMatch(/^0x[0-9a-f]{64}$/);
      if (!r.resolved) expect(r.consensus).toBeNull();
      for (const v of r.votes) expect(v.batchId).toBe(r.batchId);
    }
    // an item resolved in round 1 names the round-1 finalisation
    const batch = source.batches.find((b) => b.finalisations.length === 2 && b.finalisations[1]!.newlyResolvedMask !== 0n)!;
    const offset = batch.finalisations[1]!.newlyResolvedMask.toString(2).split("").reverse().indexOf("1");
    expect(records[batch.batchId * 50 + offset]!.finaliseTx).toBe(batch.finalisations[1]!.tx);
  });
});

describe("exportJsonl", () => {
  it("writes one provenance line per item and reports progress", async () => {
    const progress: number[] = [];
    const text = await collect(exportJsonl(source, { aggregation, onProgress: (p) => progress.push(p.done), progressEvery: 50 }));
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(120);
    expect(progress).toEqual([50, 100, 120]);
    const first = lines[0];
    expect(Object.keys(first)).toEqual(["index", "cid", "filename", "mediaType", "width", "height", "batchId", "resolved", "consensus", "dawidSkene", "votes", "finalise"]);
    expect(first.cid).toBe(source.manifest.items[0]!.cid);
    expect(first.filename).toBe("img-0.png");
    if (first.resolved) expect(first.consensus.name).toBe(source.manifest.classes[first.consensus.classId]?.name ?? "cannot_label");
    expect(Object.keys(first.votes[0])).toEqual(["annotator", "label", "labelName", "batchId", "slot", "round", "revealTx"]);
    expect(first.dawidSkene.posterior).toBeGreaterThan(0);
    expect(first.finalise.block).toMatch(/^\d+$/);
  });
});

describe("exportCsv", () => {
  it("writes a header and one parseable row per item", async () => {
    const text = await collect(exportCsv(source, { aggregation }));
    const rows: string[][] = [];
    for await (const row of parseCsv([text])) rows.push(row);
    expect(rows[0]).toEqual([...csvColumns]);
    expect(rows).toHaveLength(121);
    expect(rows[1]![1]).toBe(source.manifest.items[0]!.cid);
  });

  it("quotes fields with commas, quotes and newlines", async () => {
    const tricky = structuredClone(source);
    tricky.manifest.items[0]!.filename = 'a "b",\nc.png';
    const text = await collect(exportCsv(tricky));
    const rows: string[][] = [];
    for await (const row of parseCsv([text])) rows.push(row);
    expect(rows[1]![2]).toBe('a "b",\nc.png');
    expect(rows).toHaveLength(121);
  });
});

describe("exportCoco", () => {
  it("writes images, categories and one annotation per resolved item", async () => {
    const coco = JSON.parse(await collect(exportCoco(source, { aggregation })));
    expect(coco.images).toHaveLength(120);
    expect(coco.categories.map((c: { name: string }) => c.name)).toEqual(["cat", "dog", "bird", "cannot_label"]);
    const resolved = [...itemRecords(source)].filter((r) => r.resolved);
    expect(coco.annotations).toHaveLength(resolved.length);
    expect(coco.annotations[0].image_id).toBe(resolved[0]!.index);
    expect(coco.annotations[0].category_id).toBe(resolved[0]!.consensus);
    expect(coco.info.crowdlabel.taskId).toBe("1");
  });
});

describe("exportHfImagefolder", () => {
  it("zips class folders, metadata.jsonl and a dataset card, fetching images a few at a time", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fetchImage = async (cid: string) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      const index = source.manifest.items.findIndex((item) => item.cid === cid);
      return syntheticImage(index);
    };
    const parts: Uint8Array[] = [];
    const progress: string[] = [];
    for await (const part of exportHfImagefolder(source, { fetchImage, aggregation, concurrency: 3, onProgress: (p) => progress.push(p.phase) }))
      parts.push(part);
    const zipped = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) zipped.set(p, (offset += p.length) - p.length);
    const files = unzipSync(zipped);
    const names = Object.keys(files);
    const stats = datasetStats(source, aggregation);
    const shipped = stats.classCounts.slice(0, 3).reduce((n, c) => n + c.count, 0);
    expect(names.filter((n) => n.startsWith("train/") && !n.endsWith("metadata.jsonl"))).toHaveLength(shipped);
    expect(names).toContain("README.md");
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(progress.at(-1)).toBe("done");
    const metadata = strFromU8(files["train/metadata.jsonl"]!).trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(metadata).toHaveLength(shipped);
    const m = metadata[0];
    expect(m.file_name).toMatch(/^(cat|dog|bird)\/\d{6}_img-\d+\.png$/);
    expect(files[`train/${m.file_name}`]).toEqual(syntheticImage(m.index));
    const card = strFromU8(files["README.md"]!);
    expect(card).toContain("# Synthetic pets");
    expect(card).toContain("| 0 | cat |");
    expect(card).toContain(`Chain id: 31337`);
    expect(card).toContain(`Items: 120; resolved (consensus reached): ${stats.resolvedCount}`);
  });

  it("fails with the fetch error when an image cannot be verified", async () => {
    const fetchImage = async () => {
      throw new Error("CID mismatch");
    };
    await expect(async () => {
      for await (const _ of exportHfImagefolder(source, { fetchImage })) void _;
    }).rejects.toThrow("CID mismatch");
  });
});

describe("verifyExport", () => {
  it("accepts untouched JSONL and CSV exports", async () => {
    const jsonl = await verifyExport(source, exportJsonl(source, { aggregation }), { format: "jsonl" });
    expect(jsonl).toEqual({ ok: true, checked: 120, missing: [], mismatchCount: 0, mismatches: [] });
    const csv = await verifyExport(source, await collect(exportCsv(source)), { format: "csv" });
    expect(csv.ok).toBe(true);
    expect(csv.checked).toBe(120);
  });

  it("reports changed consensus, forged votes, duplicates and missing items", async () => {
    const lines = (await collect(exportJsonl(source))).trimEnd().split("\n").map((l) => JSON.parse(l));
    const resolvedLine = lines.find((l) => l.resolved);
    resolvedLine.consensus.classId = (resolvedLine.consensus.classId + 1) % 3;
    lines[5].votes[0].label = (lines[5].votes[0].label + 1) % 3;
    lines[7] = lines[6];
    lines.pop();
    const result = await verifyExport(source, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`, { format: "jsonl" });
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual([7, 119]);
    expect(result.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: resolvedLine.index, field: "consensus" }),
        expect.objectContaining({ index: 5, field: "votes" }),
        { index: 6, field: "index", expected: "one line per item", actual: "duplicate" },
        { index: 7, field: "item", expected: "present", actual: "missing" },
      ]),
    );
  });

  it("reports a tampered CSV cell", async () => {
    const text = await collect(exportCsv(source));
    const tampered = text.replace(source.manifest.items[3]!.cid, source.manifest.items[4]!.cid);
    const result = await verifyExport(source, tampered, { format: "csv" });
    expect(result.mismatches).toEqual([{ index: 3, field: "cid", expected: source.manifest.items[3]!.cid, actual: source.manifest.items[4]!.cid }]);
  });
});

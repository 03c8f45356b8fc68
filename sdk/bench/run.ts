#!/usr/bin/env tsx
/**
 * SDK benchmarks: `pnpm --filter @crowdlabel/sdk bench`. Prints a table and writes bench/results.json.
 * - manifest: parse + validate a 100k-item manifest from JSON text
 * - Dawid-Skene on D_Product (24,945 labels; read from ../shared/datasets when present, not shipped)
 * - JSONL / CSV export of a finalised 100k-item task (3-5 votes per item), with and without DS
 * - zip writing for the HF export: 20,000 images of 20 kB through `ZipWriter`, against fflate's `Zip` (which it replaced:
 *   no Zip64) on the same entries
 */
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseManifest } from "../src/manifest/parseManifest.ts";
import { dawidSkene } from "../src/aggregation/dawidSkene.ts";
import { majorityVote } from "../src/aggregation/majorityVote.ts";
import { accuracy } from "../src/aggregation/accuracy.ts";
import { exportJsonl } from "../src/export/exportJsonl.ts";
import { exportCsv } from "../src/export/exportCsv.ts";
import { aggregateDataset } from "../src/export/aggregateDataset.ts";
import { Zip, ZipPassThrough } from "fflate";
import { ZipWriter } from "../src/export/zipWriter.ts";
import { loadCrowdCsv } from "../test/loadCrowdCsv.ts";
import { syntheticSource } from "../test/syntheticSource.ts";

const results: Record<string, string | number> = {};
function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}
function best(runs: number, fn: () => number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, fn());
  return min;
}

// --- manifest
const { source } = await syntheticSource({ itemCount: 100_000, batchSize: 100 });
const manifestJson = JSON.stringify(source.manifest);
const manifestMs = best(5, () => time(() => parseManifest(manifestJson))[1]);
results["manifest 100k items: JSON.parse + validate (ms)"] = Math.round(manifestMs);
results["manifest 100k items: size (MB)"] = +(manifestJson.length / 1e6).toFixed(1);

// --- Dawid-Skene on D_Product
const dProduct = fileURLToPath(new URL("../../../shared/datasets/d_product", import.meta.url));
if (existsSync(dProduct)) {
  const { data, truth } = loadCrowdCsv(dProduct);
  const dsMs = best(5, () => time(() => dawidSkene(data))[1]);
  const ds = dawidSkene(data);
  results["D_Product Dawid-Skene, 24,945 labels (ms)"] = Math.round(dsMs);
  results["D_Product DS iterations"] = ds.iterations;
  results["D_Product DS accuracy"] = +accuracy({ predicted: ds.labels, itemIds: data.itemIds, truth }).toFixed(4);
  results["D_Product MV accuracy"] = +accuracy({ predicted: majorityVote(data).labels, itemIds: data.itemIds, truth }).toFixed(4);
} else {
  console.warn(`skipping D_Product: ${dProduct} not found (it lives in the workspace's shared/ folder, not in the repo)`);
}

// --- exports
async function drain(iterable: AsyncIterable<string>): Promise<number> {
  let bytes = 0;
  for await (const chunk of iterable) bytes += chunk.length;
  return bytes;
}
const [aggregation, dsExportMs] = time(() => aggregateDataset(source));
results["100k items: Dawid-Skene over all votes (ms)"] = Math.round(dsExportMs);
let jsonlBytes = 0;
const jsonlMs = await (async () => {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const [bytes, ms] = await timeAsync(() => drain(exportJsonl(source, { aggregation })));
    jsonlBytes = bytes;
    min = Math.min(min, ms);
  }
  return min;
})();
results["100k items: JSONL export (ms)"] = Math.round(jsonlMs);
results["100k items: JSONL size (MB)"] = +(jsonlBytes / 1e6).toFixed(1);
const [, csvMs] = await timeAsync(() => drain(exportCsv(source, { aggregation })));
results["100k items: CSV export (ms)"] = Math.round(csvMs);

const zipImage = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 251);
const zipEntries = 20_000;
const zipMs = best(3, () =>
  time(() => {
    const zip = new ZipWriter();
    let bytes = 0;
    for (let i = 0; i < zipEntries; i++) for (const part of zip.add(`train/c/${i}.png`, zipImage)) bytes += part.length;
    for (const part of zip.end()) bytes += part.length;
    return bytes;
  })[1],
);
const fflateMs = best(3, () =>
  time(() => {
    let bytes = 0;
    const zip = new Zip((error, data) => {
      if (error) throw error;
      bytes += data.length;
    });
    for (let i = 0; i < zipEntries; i++) {
      const file = new ZipPassThrough(`train/c/${i}.png`);
      zip.add(file);
      file.push(zipImage, true);
    }
    zip.end();
    return bytes;
  })[1],
);
results["zip 20k images of 20 kB: ZipWriter (ms)"] = Math.round(zipMs);
results["zip 20k images of 20 kB: fflate Zip, same entries (ms)"] = Math.round(fflateMs);
results["zip ZipWriter / fflate time (ratio)"] = +(zipMs / fflateMs).toFixed(2);

console.table(results);
writeFileSync(fileURLToPath(new URL("./results.json", import.meta.url)), `${JSON.stringify({ node: process.version, date: new Date().toISOString().slice(0, 10), results }, null, 2)}\n`);

/**
 * Benchmark of the embedded node on loopback, in one run of under ~2 minutes on 2 cores:
 *  - add 1,000 noise PNGs (3-8 KB) in one request, and 10 files of 10 MB, through the HTTP
 *    RPC with kubo-rpc-client (MB/s, files/s);
 *  - gateway GET latency (p50/p95) for every PNG, and 10 MB GET throughput;
 *  - the fastest alternative route, ipfs-unixfs-importer straight into a memory blockstore
 *    with the same Kubo options, and the ratio node/baseline;
 *  - where the time goes, by difference: baseline (chunking + sha-256 + dag-pb encoding),
 *    plus HTTP and multipart (the same add with only-hash, which writes nothing), plus the
 *    disk writes (the full add).
 * The node runs in its own process (started as `pnpm ipfs` would), so the client's work
 * and the node's share the 2 cores as they would with a browser or the SDK as the client.
 * Prints a `name value unit` block and writes it to bench-results.json.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { importer, type ImportCandidate } from "ipfs-unixfs-importer";
import { create } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { spawn, type ChildProcess } from "node:child_process";
import { kuboImporterOptions } from "../src/index.js";
import { noisePng } from "./noisePng.js";

const PNG_COUNT = 1000;
const BIG_COUNT = 10;
const BIG_BYTES = 10 * 1024 * 1024;
const MB = 1024 * 1024;
const LAYOUT = { cidVersion: 0 as const, rawLeaves: false, chunkSize: 262_144, wrapWithDirectory: false };

interface Result {
  name: string;
  value: number;
  unit: string;
}
const results: Result[] = [];
function record(name: string, value: number, unit: string): number {
  results.push({ name, value: Number(value.toFixed(unit === "ms" ? 3 : 2)), unit });
  return value;
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, value };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs twice (the first run also warms the JIT) and keeps the faster round. */
async function bestOf2<T>(run: (round: number) => Promise<T>): Promise<{ seconds: number; value: T }> {
  const first = await timed(() => run(0));
  const second = await timed(() => run(1));
  return second.seconds < first.seconds ? second : first;
}

async function baselineImport(files: Array<{ path: string; content: Uint8Array }>): Promise<number> {
  const memory = new Map<string, Uint8Array>();
  const blockstore = {
    put: async (cid: CID, bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>) => {
      if (bytes instanceof Uint8Array) memory.set(cid.toString(), bytes);
      return cid;
    },
  };
  const candidates: ImportCandidate[] = files;
  let count = 0;
  for await (const entry of importer(candidates, blockstore, kuboImporterOptions(LAYOUT))) if (entry) count += 1;
  return count;
}

interface NodeProcess {
  apiUrl: string;
  gatewayUrl: string;
  child: ChildProcess;
}

/** Starts src/cli.ts on free ports and reads its URLs from the banner it prints. */
function spawnNode(dataDir: string): Promise<NodeProcess> {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", cli], {
    env: { ...process.env, IPFS_API_PORT: "0", IPFS_GATEWAY_PORT: "0", IPFS_DATA_DIR: dataDir, IPFS_MAX_UPLOAD_BYTES: "512MiB" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let banner = "";
    child.once("exit", (code) => reject(new Error(`node exited with ${code} before it was ready`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      banner += chunk.toString();
      const apiUrl = /IPFS_API_URL=(\S+)\)/.exec(banner)?.[1];
      const gatewayUrl = /IPFS_GATEWAY_URL=(\S+)\)/.exec(banner)?.[1];
      if (apiUrl && gatewayUrl) resolve({ apiUrl, gatewayUrl, child });
    });
  });
}

function stopNode(node: NodeProcess): Promise<void> {
  return new Promise((resolve) => {
    node.child.removeAllListeners("exit");
    node.child.once("exit", () => resolve());
    node.child.kill("SIGTERM");
  });
}

async function main(): Promise<void> {
  const startedAll = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), "crowdlabel-ipfs-bench-"));
  const node = await spawnNode(dataDir);
  const client = create({ url: node.apiUrl });
  try {
    console.log(`node: ${node.apiUrl} / ${node.gatewayUrl}, data dir ${dataDir}`);
    const pngs = Array.from({ length: PNG_COUNT }, (_, i) => ({ path: `images/${i}.png`, content: noisePng(i) }));
    const pngBytes = pngs.reduce((sum, file) => sum + file.content.byteLength, 0);
    const bigs = Array.from({ length: BIG_COUNT }, (_, i) => ({ path: `big-${i}.bin`, content: randomBytes(BIG_BYTES) }));
    const bigBytes = BIG_COUNT * BIG_BYTES;
    console.log(`inputs: ${PNG_COUNT} PNGs (${(pngBytes / MB).toFixed(2)} MB total), ${BIG_COUNT} x 10 MB random files`);

    // Warm up JIT and the connection pool with a small add of unrelated data.
    await client.add(randomBytes(300_000));

    // Every figure is the best of two rounds; full adds use fresh content in each round
    // (same sizes, new random pixels/bytes) so the second round is not deduplicated.
    // --- small images --------------------------------------------------------------
    const pngRounds = [pngs, pngs.map((file, i) => ({ path: file.path, content: noisePng(i) }))];
    const pngBaseline = await bestOf2(() => baselineImport(pngs));
    const pngOnlyHash = await bestOf2(async () => {
      for await (const entry of client.addAll(pngs, { onlyHash: true, pin: false })) void entry;
    });
    const pngAdd = await bestOf2(async (round) => {
      const cids: string[] = [];
      for await (const entry of client.addAll(pngRounds[round] ?? pngs)) cids.push(entry.cid.toString());
      return cids;
    });
    const pngCids = pngAdd.value.slice(0, PNG_COUNT);
    record("png_add_files_per_s", PNG_COUNT / pngAdd.seconds, "files/s");
    record("png_add_mb_per_s", pngBytes / MB / pngAdd.seconds, "MB/s");
    record("png_baseline_files_per_s", PNG_COUNT / pngBaseline.seconds, "files/s");
    record("png_node_vs_baseline", pngBaseline.seconds / pngAdd.seconds, "ratio");

    // One request per image, as a browser uploading one file at a time would do.
    const perRequest = await bestOf2(async () => {
      for (let i = 0; i < 200; i += 1) await client.add(noisePng(i));
    });
    record("png_add_one_per_request_files_per_s", 200 / perRequest.seconds, "files/s");

    // --- 10 MB files ---------------------------------------------------------------
    const bigRounds = [bigs, bigs.map((file) => ({ path: file.path, content: randomBytes(BIG_BYTES) }))];
    const bigBaseline = await bestOf2(() => baselineImport(bigs));
    const bigOnlyHash = await bestOf2(async () => {
      for (const file of bigs) await client.add(file.content, { onlyHash: true, pin: false });
    });
    const bigAdd = await bestOf2(async (round) => {
      const cids: string[] = [];
      for (const file of bigRounds[round] ?? bigs) cids.push((await client.add(file.content)).cid.toString());
      return cids;
    });
    record("big_add_mb_per_s", bigBytes / MB / bigAdd.seconds, "MB/s");
    record("big_add_files_per_s", BIG_COUNT / bigAdd.seconds, "files/s");
    record("big_baseline_mb_per_s", bigBytes / MB / bigBaseline.seconds, "MB/s");
    record("big_node_vs_baseline", bigBaseline.seconds / bigAdd.seconds, "ratio");

    // --- gateway -------------------------------------------------------------------
    const latencies: number[] = [];
    for (const cid of pngCids) {
      const started = process.hrtime.bigint();
      const res = await fetch(`${node.gatewayUrl}/ipfs/${cid}`);
      await res.arrayBuffer();
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.status !== 200) throw new Error(`gateway answered ${res.status} for ${cid}`);
    }
    latencies.sort((a, b) => a - b);
    record("gateway_png_get_p50", percentile(latencies, 50), "ms");
    record("gateway_png_get_p95", percentile(latencies, 95), "ms");
    record("gateway_png_get_per_s", 1000 / (latencies.reduce((a, b) => a + b, 0) / latencies.length), "req/s");
    const bigGet = await timed(async () => {
      for (const cid of bigAdd.value) await (await fetch(`${node.gatewayUrl}/ipfs/${cid}`)).arrayBuffer();
    });
    record("gateway_big_get_mb_per_s", bigBytes / MB / bigGet.seconds, "MB/s");

    // --- where the time goes -------------------------------------------------------
    const split = (label: string, baseline: number, onlyHash: number, full: number): void => {
      const http = Math.max(0, onlyHash - baseline);
      const disk = Math.max(0, full - onlyHash);
      const pct = (part: number): string => `${((100 * part) / full).toFixed(0)}%`;
      console.log(
        `${label}: ${full.toFixed(2)} s total = chunk+hash+encode ${baseline.toFixed(2)} s (${pct(baseline)})` +
          ` + HTTP/multipart/client ${http.toFixed(2)} s (${pct(http)}) + disk writes ${disk.toFixed(2)} s (${pct(disk)})`,
      );
      record(`${label}_time_hash_encode_pct`, (100 * baseline) / full, "%");
      record(`${label}_time_http_multipart_pct`, (100 * http) / full, "%");
      record(`${label}_time_disk_pct`, (100 * disk) / full, "%");
    };
    console.log("\nwhere the time goes (by difference: in-memory importer / + HTTP with only-hash / + disk):");
    split("png", pngBaseline.seconds, pngOnlyHash.seconds, pngAdd.seconds);
    split("big", bigBaseline.seconds, bigOnlyHash.seconds, bigAdd.seconds);
    console.log(
      `\nadd via node vs in-memory importer: PNGs ${(pngBaseline.seconds / pngAdd.seconds).toFixed(2)}x, ` +
        `10 MB files ${(bigBaseline.seconds / bigAdd.seconds).toFixed(2)}x of the baseline's speed`,
    );
    record("bench_total_seconds", (Date.now() - startedAll) / 1000, "s");
  } finally {
    await stopNode(node);
    await rm(dataDir, { recursive: true, force: true });
  }

  console.log("\n--- results (name value unit) ---");
  for (const { name, value, unit } of results) console.log(`${name} ${value} ${unit}`);
  const file = fileURLToPath(new URL("../bench-results.json", import.meta.url));
  await writeFile(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
  console.log(`written to ${file}`);
}

await main();

// Indexing throughput vs a raw eth_getLogs baseline, and API latency, on a synthetic task.
// Usage: pnpm --filter @crowdlabel/indexer bench   (BENCH_BATCHES=667 by default: 2,001 reveals)
// Ends with a `--- results ---` block (`name value unit` lines) that scripts/bench-all.mjs puts in BENCHMARKS.md.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom, crowdlabelAbi } from "@crowdlabel/sdk";
import { parseEventLogs } from "viem";
import { startIndexer } from "../test/helpers/indexerProcess.ts";
import { findPostgresBin, startThrowawayPostgres } from "../test/helpers/postgres.ts";
import { Protocol } from "../test/helpers/protocol.ts";
import { ipfsAdd, startStack } from "../test/helpers/stack.ts";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 667);
const BATCH_SIZE = 4;
const ANNOTATORS = [1, 2, 3];
const ACCURACY = [0.9, 0.8, 0]; // the third always answers 0

/** CPU seconds (user + system) a process has used so far, from /proc (null elsewhere). */
async function cpuSeconds(pid: number | undefined): Promise<number | null> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}

/** Sums of a Prometheus metric's samples by one label, from Ponder's /metrics text. */
function metricSums(text: string, metric: string, label: string): Map<string, number> {
  const sums = new Map<string, number>();
  const re = new RegExp(`^${metric}\\{([^}]*)\\} ([0-9.e+-]+)$`, "gm");
  for (const [, labels, value] of text.matchAll(re)) {
    const key = new RegExp(`${label}="([^"]*)"`).exec(labels!)?.[1];
    if (key !== undefined) sums.set(key, (sums.get(key) ?? 0) + Number(value));
  }
  return sums;
}

/** One figure of the results block. */
type Figure = { name: string; value: number; unit: string };

/** The block scripts/bench-all.mjs reads: `--- results ---`, then `name value unit`, one figure a line. */
function printResults(figures: Figure[]): void {
  console.log("\n--- results ---");
  for (const f of figures) console.log(`${f.name} ${Number.isInteger(f.value) ? f.value : +f.value.toPrecision(4)} ${f.unit}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * Starts the indexer on an empty database (PGlite in `dataDir`, or `databaseUrl`) and waits until it has indexed
 * `head`: the start-up time (spawn to /health), the indexing time (/health to head) and the CPU seconds in between.
 */
async function indexToHead(stack: Stack, head: bigint, db: { dataDir: string; databaseUrl?: string }) {
  const spawnAt = performance.now();
  const indexer = await startIndexer({
    deployment: stack.deployment,
    rpcUrl: stack.anvil.rpcUrl,
    gatewayUrl: stack.ipfs.gatewayUrl,
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    env: { POLLING_INTERVAL_MS: "1000" },
    logLevel: process.env.BENCH_LOGS ? "info" : "warn",
  });
  let upAt = 0;
  let cpuAtUp: number | null = null;
  while (!upAt) {
    try {
      await indexer.get("/health");
      upAt = performance.now();
      cpuAtUp = await cpuSeconds(indexer.child.pid);
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await indexer.waitForBlock(head, 30 * 60_000);
  const doneAt = performance.now();
  const cpuAtDone = await cpuSeconds(indexer.child.pid);
  return {
    indexer,
    startupMs: upAt - spawnAt,
    indexMs: doneAt - upAt,
    cpuSeconds: cpuAtUp !== null && cpuAtDone !== null ? cpuAtDone - cpuAtUp : null,
  };
}

/** Latency of the API's main reads, `BENCH_API_ROUNDS` (30) requests each, one at a time; prints each endpoint's p50/p95. */
async function apiLatency(url: string, taskId: bigint, address: string) {
  const endpoints = [
    "/api/tasks?status=all",
    `/api/tasks/${taskId}`,
    `/api/tasks/${taskId}/batches?limit=50`,
    `/api/tasks/${taskId}/stats`,
    `/api/tasks/${taskId}/next-batches?address=${address}`,
    `/api/tasks/${taskId}/flags`,
    `/api/annotators/${address}`,
    `/api/annotators/${address}/slots?limit=50`,
    "/api/leaderboard",
  ];
  const all: number[] = [];
  const rounds = Number(process.env.BENCH_API_ROUNDS ?? 30);
  for (const path of endpoints) {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      const response = await fetch(`${url}${path}`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    all.push(...times);
    console.log(`  ${path.padEnd(60)} p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms`);
  }
  all.sort((x, y) => x - y);
  return { requests: all.length, p50: percentile(all, 50), p95: percentile(all, 95) };
}

async function main() {
  const stack = await startStack();
  const dataDir = await mkdtemp(join(tmpdir(), "crowdlabel-indexer-bench-"));
  const figures: Figure[] = [];
  const figure = (name: string, value: number, unit: string) => figures.push({ name: `indexer_${name}`, value, unit });
  try {
    const p = new Protocol(stack.deployment, stack.anvil.rpcUrl, stack.ipfs.apiUrl);
    await ipfsAdd(stack.ipfs.apiUrl, "hello world\n");
    for (const i of [0, ...ANNOTATORS]) await p.fund(i, 10n ** 15n);
    const started = Date.now();
    const { taskId } = await p.createTask(0, { itemCount: BATCHES * BATCH_SIZE, batchSize: BATCH_SIZE, bondPerClaim: 1n, deadlineIn: 30 * 86_400 });
    const random = seededRandom(7);
    const truth = Array.from({ length: BATCHES * BATCH_SIZE }, () => (random() < 0.5 ? 0 : 1 + Math.floor(random() * 2)));
    const labelsOf = (a: number, batchId: number) =>
      truth.slice(batchId * BATCH_SIZE, batchId * BATCH_SIZE + BATCH_SIZE).map((t) => (ACCURACY[a - 1] === 0 ? 0 : random() < ACCURACY[a - 1]! ? t : Math.floor(random() * 3)));
    const held = new Map<number, Map<number, number[]>>(ANNOTATORS.map((a) => [a, new Map()]));
    let progress = true;
    while (progress) {
      progress = false;
      for (const a of ANNOTATORS) {
        if (held.get(a)!.size >= BATCHES) continue;
        const batches = await p.claim(a, taskId, 16);
        if (batches.length === 0) continue;
        progress = true;
        const entries = batches.map((batchId) => ({ taskId, batchId, labels: labelsOf(a, batchId) }));
        for (const e of entries) held.get(a)!.set(e.batchId, e.labels);
        await p.commit(a, entries);
      }
    }
    for (const a of ANNOTATORS) {
      const entries = [...held.get(a)!].map(([batchId, labels]) => ({ taskId, batchId, labels }));
      for (let i = 0; i < entries.length; i += 60) await p.reveal(a, entries.slice(i, i + 60));
    }
    for (let batchId = 0; batchId < BATCHES; batchId++) await p.finalise(0, taskId, batchId);
    const head = await p.blockNumber();
    const reveals = [...held.values()].reduce((n, m) => n + m.size, 0);
    console.log(`chain ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${BATCHES} batches, ${reveals} reveals, head block ${head}`);

    // Baseline: every protocol log, fetched and decoded with viem.
    const t0 = performance.now();
    const logs = await p.publicClient.getLogs({ address: stack.deployment.crowdlabel, fromBlock: BigInt(stack.deployment.startBlock), toBlock: head });
    const decoded = parseEventLogs({ abi: crowdlabelAbi, logs });
    const rawMs = performance.now() - t0;
    console.log(`raw getLogs + decode: ${decoded.length} events in ${rawMs.toFixed(0)} ms`);

    // The indexer from an empty database: PGlite (the default) first.
    const pglite = await indexToHead(stack, head, { dataDir });
    console.log(`indexer (PGlite): startup ${(pglite.startupMs / 1000).toFixed(1)} s, indexing ${(pglite.indexMs / 1000).toFixed(1)} s`);
    if (pglite.cpuSeconds !== null) console.log(`indexer CPU while indexing: ${pglite.cpuSeconds.toFixed(1)} s (the rest of the wall time is waiting: RPC, disk, other processes)`);
    console.log(`indexer throughput: ${(decoded.length / (pglite.indexMs / 1000)).toFixed(0)} events/s (${(reveals / (pglite.indexMs / 1000)).toFixed(0)} reveals/s)`);
    console.log(`indexing time / raw getLogs time: ${(pglite.indexMs / rawMs).toFixed(1)}x`);
    const indexer = pglite.indexer;
    figure("events_indexed", decoded.length, "events");
    figure("reveals_indexed", reveals, "reveals");
    figure("baseline_getlogs_decode_seconds", rawMs / 1000, "s");
    figure("baseline_events_per_second", decoded.length / (rawMs / 1000), "events/s");
    figure("startup_seconds", pglite.startupMs / 1000, "s");
    figure("indexing_seconds", pglite.indexMs / 1000, "s");
    figure("time_to_head_seconds", (pglite.startupMs + pglite.indexMs) / 1000, "s");
    figure("events_per_second", decoded.length / (pglite.indexMs / 1000), "events/s");
    figure("indexing_over_baseline", pglite.indexMs / rawMs, "ratio");
    if (pglite.cpuSeconds !== null) figure("cpu_seconds_while_indexing", pglite.cpuSeconds, "s");

    // Where the time went, from Ponder's own metrics.
    const metrics = await (await fetch(`http://127.0.0.1:${indexer.ponderPort}/metrics`)).text();
    const steps = metricSums(metrics, "ponder_historical_transform_duration", "step");
    const handlers = [...metricSums(metrics, "ponder_indexing_function_duration_sum", "event")].sort((a, b) => b[1] - a[1]);
    const rpc = metricSums(metrics, "ponder_rpc_request_duration_count", "method");
    const s = (ms: number | undefined) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
    console.log(`  backfill: handlers + store ${s(steps.get("index"))}, writing rows ${s(steps.get("load"))}; RPC requests: ${[...rpc].map(([m, n]) => `${m} ${n}`).join(", ")}`);
    console.log(`  handler time (backfill + live): ${handlers.slice(0, 5).map(([e, ms]) => `${e.replace("Crowdlabel:", "")} ${s(ms)}`).join(", ")}`);
    figure("backfill_handlers_store_seconds", (steps.get("index") ?? 0) / 1000, "s");
    figure("backfill_row_writes_seconds", (steps.get("load") ?? 0) / 1000, "s");
    figure("rpc_requests", [...rpc.values()].reduce((a, b) => a + b, 0), "requests");

    const api = await apiLatency(indexer.url, taskId, p.address(1).toLowerCase());
    console.log(`API latency over ${api.requests} requests: p50 ${api.p50.toFixed(1)} ms, p95 ${api.p95.toFixed(1)} ms`);
    figure("api_requests", api.requests, "requests");
    figure("api_p50_ms", api.p50, "ms");
    figure("api_p95_ms", api.p95, "ms");
    const t = performance.now();
    const exported = await (await fetch(`${indexer.url}/api/tasks/${taskId}/export?format=jsonl`)).text();
    const exportMs = performance.now() - t;
    const exportedItems = exported.trim().split("\n").length;
    console.log(`JSONL export of ${exportedItems} items in ${exportMs.toFixed(0)} ms`);
    figure("export_jsonl_items", exportedItems, "items");
    figure("export_jsonl_seconds", exportMs / 1000, "s");
    if (process.env.BENCH_LOGS) console.log(indexer.logs.join(""));
    await indexer.stop();

    // The same chain into PostgreSQL, the database operators run (README "For operators"), in a throwaway cluster.
    const bin = findPostgresBin();
    if (!bin) {
      console.warn("\n!!! SKIPPING the PostgreSQL run: no pg_ctl/initdb (install Debian `postgresql`) !!!\n");
    } else {
      const pg = await startThrowawayPostgres(bin, { durable: true });
      try {
        const onPostgres = await indexToHead(stack, head, { dataDir: await mkdtemp(join(dataDir, "postgres-")), databaseUrl: pg.url });
        const pgApi = await apiLatency(onPostgres.indexer.url, taskId, p.address(1).toLowerCase());
        await onPostgres.indexer.stop();
        console.log(
          `indexer (PostgreSQL): startup ${(onPostgres.startupMs / 1000).toFixed(1)} s, indexing ${(onPostgres.indexMs / 1000).toFixed(1)} s ` +
            `(${(decoded.length / (onPostgres.indexMs / 1000)).toFixed(0)} events/s, ${(onPostgres.indexMs / pglite.indexMs).toFixed(2)}x PGlite's time); ` +
            `API p50 ${pgApi.p50.toFixed(1)} ms, p95 ${pgApi.p95.toFixed(1)} ms`,
        );
        figure("postgres_startup_seconds", onPostgres.startupMs / 1000, "s");
        figure("postgres_indexing_seconds", onPostgres.indexMs / 1000, "s");
        figure("postgres_events_per_second", decoded.length / (onPostgres.indexMs / 1000), "events/s");
        figure("postgres_indexing_over_baseline", onPostgres.indexMs / rawMs, "ratio");
        figure("postgres_indexing_over_pglite", onPostgres.indexMs / pglite.indexMs, "ratio");
        if (onPostgres.cpuSeconds !== null) figure("postgres_cpu_seconds_while_indexing", onPostgres.cpuSeconds, "s");
        figure("postgres_api_p50_ms", pgApi.p50, "ms");
        figure("postgres_api_p95_ms", pgApi.p95, "ms");
      } finally {
        await pg.stop();
      }
    }
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  printResults(figures);
}

await main();

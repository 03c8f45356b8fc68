// The web app for people who label thousands of images: (a) the production build (time; initial JS of
// the marketplace and labeling routes against the whole bundle) and (b) labeling throughput in Debian's
// Chromium on the real stack: time from a label keypress to the next image displayed, with the app's
// prefetch against a baseline with prefetch off, on loopback and behind an emulated remote round trip.
// Usage: pnpm --filter @crowdlabel/web bench   (BENCH_IMAGES=200 keys per run, BENCH_LATENCY_MS=100)
// Ends with a `--- results ---` block (`name value unit` lines) that scripts/bench-all.mjs puts in BENCHMARKS.md.
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@crowdlabel/sdk/devchain";
import { startStack } from "../../test/stack/startStack.ts";
import { launchChromium } from "../../test/e2e/browser/chromium.ts";
import { chainClients, claim, createTask, uploadDigitTask, type Digit } from "../../test/e2e/support/protocol.ts";
import { digitPng, readDigits } from "../scripts/digits.ts";
import { buildApp } from "./buildApp.ts";
import { allJs, routeInitialJs } from "./routeJs.ts";
import { timeLabeling } from "./timeLabeling.ts";

const IMAGES = Number(process.env.BENCH_IMAGES ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const ANNOTATOR = 1;

/** One figure of the results block. */
type Figure = { name: string; value: number; unit: string };
const figures: Figure[] = [];
const figure = (name: string, value: number, unit: string) => figures.push({ name: `web_${name}`, value, unit });

/** The block scripts/bench-all.mjs reads: `--- results ---`, then `name value unit`, one figure a line. */
function printResults(list: Figure[]): void {
  console.log("\n--- results ---");
  for (const f of list) console.log(`${f.name} ${Number.isInteger(f.value) ? f.value : +f.value.toPrecision(4)} ${f.unit}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** Distinct digit images (the demo's UCI handwritten digits, rendered as the demo renders them), `count` at a time. */
function digitSets(sets: number, count: number): Digit[][] {
  const seen = new Set<string>();
  const unique: Digit[] = [];
  for (const d of readDigits(join(repoRoot(), "demo", "digits", "digits.csv.gz"))) {
    const bytes = new Uint8Array(digitPng(d.pixels));
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (seen.has(hash)) continue; // one CID per image: a repeat would show from cache and fire no load event
    seen.add(hash);
    unique.push({ file: `digit-${d.index}.png`, digit: d.label, bytes });
  }
  if (unique.length < sets * count) throw new Error(`${sets} runs of ${count} images need ${sets * count} distinct digits; demo/digits has ${unique.length}`);
  return Array.from({ length: sets }, (_, i) => unique.slice(i * count, (i + 1) * count));
}

async function main() {
  // (a) The production build, alone on the machine.
  console.log("building the web app (vite build) ...");
  const { distDir, seconds } = await buildApp();
  try {
    const routes = {
      marketplace: routeInitialJs(distDir, "src/features/tasks/MarketplacePage.tsx"),
      labeling: routeInitialJs(distDir, "src/features/labeling/LabelingPage.tsx"),
    };
    const all = allJs(distDir);
    console.log(`vite build: ${seconds.toFixed(1)} s; ${all.chunks} JS chunks, ${kB(all.bytes)} (${kB(all.gzipBytes)} gzip)`);
    figure("build_seconds", seconds, "s");
    figure("js_all_gzip_bytes", all.gzipBytes, "bytes");
    for (const [route, size] of Object.entries(routes)) {
      console.log(`initial JS of the ${route} route: ${size.chunks} chunks, ${kB(size.bytes)} (${kB(size.gzipBytes)} gzip), ${((100 * size.gzipBytes) / all.gzipBytes).toFixed(0)}% of all JS`);
      figure(`${route}_initial_js_gzip_bytes`, size.gzipBytes, "bytes");
      figure(`${route}_initial_js_over_all_js`, size.gzipBytes / all.gzipBytes, "ratio");
    }

    // (b) Labeling throughput on the real stack, served from this build.
    const runs = [
      { name: "prefetch", prefetch: undefined, latencyMs: 0 },
      { name: "no_prefetch", prefetch: 0, latencyMs: 0 },
      { name: `prefetch_rtt${LATENCY_MS}ms`, prefetch: undefined, latencyMs: LATENCY_MS },
      { name: `no_prefetch_rtt${LATENCY_MS}ms`, prefetch: 0, latencyMs: LATENCY_MS },
    ].filter((run) => LATENCY_MS > 0 || run.latencyMs === 0);
    const startedAt = performance.now();
    const [stack, browser] = await Promise.all([startStack({ web: { distDir }, log: (line) => console.log(`[stack] ${line}`) }), launchChromium()]);
    try {
      const clients = chainClients(stack);
      const sets = digitSets(runs.length, IMAGES + 1);
      const tasks: { taskId: bigint; hotkeys: string[] }[] = [];
      for (const [i, digits] of sets.entries()) {
        const { manifestCid } = await uploadDigitTask(stack, { digits, title: `Labeling bench ${i + 1}`, batchSize: digits.length });
        const taskId = await createTask(clients, stack, 0, { manifestCid, itemCount: digits.length, batchSize: digits.length });
        await claim(clients, stack, ANNOTATOR, taskId, 1);
        tasks.push({ taskId, hotkeys: digits.slice(0, IMAGES).map((d) => String(d.digit)) });
      }
      console.log(`stack up and ${tasks.length} tasks of ${IMAGES + 1} images seeded in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);

      const p50: Record<string, number> = {};
      const mean: Record<string, number> = {};
      for (const [i, run] of runs.entries()) {
        const started = performance.now();
        const latencies = await timeLabeling({
          browser,
          webUrl: stack.webUrl!,
          rpcUrl: stack.rpcUrl,
          chainId: stack.chainId,
          annotator: clients.address(ANNOTATOR),
          taskId: tasks[i]!.taskId,
          hotkeys: tasks[i]!.hotkeys,
          prefetch: run.prefetch,
          latencyMs: run.latencyMs,
        });
        const sorted = [...latencies].sort((a, b) => a - b);
        p50[run.name] = percentile(sorted, 50);
        mean[run.name] = latencies.reduce((a, b) => a + b, 0) / latencies.length;
        console.log(
          `${run.name.padEnd(24)} ${latencies.length} keys: keypress -> next image p50 ${p50[run.name]!.toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms, mean ${mean[run.name]!.toFixed(1)} ms (run ${((performance.now() - started) / 1000).toFixed(1)} s)`,
        );
        figure(`next_image_p50_ms_${run.name}`, p50[run.name]!, "ms");
        figure(`next_image_p95_ms_${run.name}`, percentile(sorted, 95), "ms");
        figure(`next_image_mean_ms_${run.name}`, mean[run.name]!, "ms");
      }
      for (const suffix of ["", `_rtt${LATENCY_MS}ms`]) {
        const on = `prefetch${suffix}`;
        const off = `no_prefetch${suffix}`;
        if (mean[on] === undefined || mean[off] === undefined) continue;
        console.log(`prefetch off / on${suffix ? ` (${LATENCY_MS} ms round trip)` : " (loopback)"}: p50 ${(p50[off]! / p50[on]!).toFixed(2)}x, mean ${(mean[off]! / mean[on]!).toFixed(2)}x`);
        figure(`next_image_p50_no_prefetch_over_prefetch${suffix}`, p50[off]! / p50[on]!, "ratio");
        figure(`next_image_mean_no_prefetch_over_prefetch${suffix}`, mean[off]! / mean[on]!, "ratio");
      }
      figure("labeling_images_per_run", IMAGES, "images");
    } finally {
      await browser.close().catch(() => undefined);
      await stack.stop();
    }
  } finally {
    rmSync(distDir, { recursive: true, force: true });
  }
  printResults(figures);
}

await main();

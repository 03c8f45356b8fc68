import type { RowResult } from "./analyseRow.ts";
import type { ReputationResult } from "./analyseDataset.ts";
import type { ReplicateSummary } from "./replicates.ts";
import type { Stat } from "./stats.ts";
import { fixedCounterpart } from "./scenarios.ts";
import { DS_TOLERANCE, SPEARMAN_BAR, dawidSkeneReference } from "./referenceNumbers.ts";

export type Check = { name: string; pass: boolean; detail: string };

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(3)}`;
const pm = (s: Stat, digits: number) => `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`;

/** The issue's quality bars, each a PASS/FAIL line. The thresholds are fixed; only the code may change the outcome. */
export function qualityChecks(options: {
  rows: readonly RowResult[];
  reputation: Record<string, ReputationResult>;
  replicates?: readonly ReplicateSummary[];
  /** Datasets cut down by --items/--workers: the READMEs' numbers and the Spearman bar describe whole datasets, so they do not apply. */
  sliced?: ReadonlySet<string>;
}): Check[] {
  const checks: Check[] = [];
  for (const row of options.rows) {
    const c = row.consensusCheck;
    checks.push({
      name: `${row.key}: on-chain consensus = sdk majority vote (ties and short pluralities unresolved)`,
      pass: c.mismatches === 0 && c.items > 0,
      detail: `${c.items - c.mismatches}/${c.items} items equal${c.examples.length ? `; e.g. ${c.examples.join("; ")}` : ""}`,
    });
  }
  // Dawid-Skene models each annotator, so the bar needs real identities: dense rows and the HIT replays of sparse
  // datasets. One-task rows of sparse data carry slot actors (test/sim/README.md); their figure is reported, not barred.
  for (const row of options.rows) {
    if ((row.kind !== "fixed" && row.kind !== "hits") || row.identities !== "workers" || options.sliced?.has(row.dataset)) continue;
    const key = row.redundancy.includes("all") ? "all" : row.redundancy;
    const reference = dawidSkeneReference[row.dataset]?.[key];
    if (reference === undefined) continue;
    const name = `${row.key}: exported Dawid-Skene accuracy >= README ${reference.toFixed(3)} - ${DS_TOLERANCE}`;
    // Where the row was replicated (random worker draws), the bar is on the mean: one draw of 3-5 workers per batch spreads by ±0.05.
    const replicated = options.replicates?.find((r) => r.dataset === row.dataset)?.fixedRows[row.key]?.dsAccuracy;
    if (replicated && replicated.n > 1) {
      const se = replicated.sd / Math.sqrt(replicated.n);
      const expected = options.replicates?.find((r) => r.dataset === row.dataset)?.dsExpectations?.[row.key];
      const offChain = expected
        ? `; off chain over ${expected.draws} worker draws the same Dawid-Skene expects ${f3(expected.replayed.mean)} as replayed (batches of ${expected.batchSize}, one slot per worker per claim round), ` +
          `${f3(expected.batched.mean)} with independent random workers per batch, ${f3(expected.perImage.mean)} with random workers per image`
        : "";
      checks.push({
        name,
        pass: replicated.mean >= reference - DS_TOLERANCE,
        detail: `mean over ${replicated.n} replicates ${pm(replicated, 3)} (95% CI of the mean ${f3(replicated.mean - 1.96 * se)} to ${f3(replicated.mean + 1.96 * se)}; main run ${f3(row.dsAccuracy)}${offChain}; ${row.dsSource}; identities: ${row.identities})`,
      });
      continue;
    }
    checks.push({ name, pass: row.dsAccuracy >= reference - DS_TOLERANCE, detail: `${f3(row.dsAccuracy)} (${row.dsSource}; identities: ${row.identities})` });
  }
  const bluebirds = options.reputation.bluebirds;
  if (bluebirds && !options.sliced?.has("bluebirds"))
    checks.push({
      name: `bluebirds: Spearman(reputation, true worker accuracy) >= ${SPEARMAN_BAR}`,
      pass: bluebirds.spearman >= SPEARMAN_BAR,
      detail: `${f3(bluebirds.spearman)} over ${bluebirds.workers} workers (${bluebirds.source})`,
    });
  for (const adaptive of options.rows.filter((r) => r.kind === "adaptive")) {
    const top = adaptive.redundancy.split("..")[1];
    const fixed = fixedCounterpart(options.rows, adaptive);
    if (!fixed) continue;
    const name = `${adaptive.key}: reaches fixed R=${top} accuracy with fewer labels bought`;
    const replicated = options.replicates?.find((r) => r.adaptiveKey === adaptive.key);
    if (replicated) {
      // Which workers label which batch is a random draw, so the replicated bar is a statistical one: adaptive accuracy
      // must not be significantly below fixed (difference of means >= -1.96 standard errors, i.e. the 95% confidence
      // interval of the difference reaches 0 or above) and adaptive must buy fewer labels on average.
      const a = replicated.adaptive;
      const f = replicated.fixed;
      const diff = a.consensusAccuracy.mean - f.consensusAccuracy.mean;
      const se = Math.sqrt(a.consensusAccuracy.sd ** 2 / a.consensusAccuracy.n + f.consensusAccuracy.sd ** 2 / f.consensusAccuracy.n);
      checks.push({
        name,
        pass: diff >= -1.96 * se && a.labelsPaid.mean < f.labelsPaid.mean,
        detail:
          `means over ${a.consensusAccuracy.n} replicates (mean ± sd): accuracy ${pm(a.consensusAccuracy, 3)} vs ${pm(f.consensusAccuracy, 3)}, ` +
          `difference ${signed(diff)} (95% CI ${signed(diff - 1.96 * se)} to ${signed(diff + 1.96 * se)}); ` +
          `labels paid ${pm(a.labelsPaid, 1)} vs ${pm(f.labelsPaid, 1)} (saving ${((1 - a.labelsPaid.mean / f.labelsPaid.mean) * 100).toFixed(1)}%); ` +
          `labels used ${pm(a.labelsUsed, 1)} vs ${pm(f.labelsUsed, 1)}; labels collected ${pm(a.labelsCollected, 1)} vs ${pm(f.labelsCollected, 1)}`,
      });
      continue;
    }
    const saving = 1 - adaptive.labelsPaid / fixed.labelsPaid;
    const usedSaving = 1 - adaptive.labelsUsed / fixed.labelsUsed;
    checks.push({
      name,
      pass: adaptive.consensusAccuracy >= fixed.consensusAccuracy && adaptive.labelsPaid < fixed.labelsPaid,
      detail:
        `one run: accuracy ${f3(adaptive.consensusAccuracy)} vs ${f3(fixed.consensusAccuracy)}; labels paid ${adaptive.labelsPaid} vs ${fixed.labelsPaid} ` +
        `(saving ${(saving * 100).toFixed(1)}%); labels used ${adaptive.labelsUsed} vs ${fixed.labelsUsed} (saving ${(usedSaving * 100).toFixed(1)}%); ` +
        `labels collected ${adaptive.labelsCollected} vs ${fixed.labelsCollected}`,
    });
  }
  return checks;
}

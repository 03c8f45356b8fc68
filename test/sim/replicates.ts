import type { RowResult } from "./analyseRow.ts";
import { assignmentExpectation, type AssignmentExpectation } from "./assignmentExpectation.ts";
import { isDense, type CrowdDataset } from "./crowdDataset.ts";
import { dsExpectation, type DsExpectation } from "./dsExpectation.ts";
import { replayRow } from "./replayRow.ts";
import { fixedCounterpart, scenariosFor } from "./scenarios.ts";
import { GENESIS_TIMESTAMP, openSimChain } from "./simChain.ts";
import { stat, type Stat } from "./stats.ts";

/** What the adaptive-vs-fixed comparison looks at in one replicate. */
export type ComparedFigures = { consensusAccuracy: number; dsAccuracy: number; labelsPaid: number; labelsUsed: number; labelsCollected: number; gas: number };
export type ComparedStats = Record<keyof ComparedFigures, Stat>;

export type Replicate = {
  /** 0 is the main run (the report's rows); k > 0 a fresh chain with genesis + k days and claim-order seeds + 1000k. */
  replicate: number;
  genesisTimestamp: number;
  seed: number;
  adaptive: ComparedFigures;
  fixed: ComparedFigures;
  /** Every replicated fixed single-task row (the counterpart included), by row key. */
  fixedRows: Record<string, ComparedFigures>;
};

export type ReplicateSummary = {
  dataset: string;
  adaptiveKey: string;
  fixedKey: string;
  replicates: Replicate[];
  adaptive: ComparedStats;
  fixed: ComparedStats;
  /** Mean ± sd over the replicates of every replicated fixed single-task row (R = 3 and the counterpart), by row key. */
  fixedRows: Record<string, ComparedStats>;
  /** Dense data: the same comparison off chain over many random worker draws (what one replicate's spread should be). */
  expectation?: AssignmentExpectation;
  /** Dense data: off-chain expectation of the exported Dawid-Skene of each replicated fixed row, by row key. */
  dsExpectations?: Record<string, DsExpectation>;
  seconds: number;
};

/** Off-chain Dawid-Skene draws per replicated row and design (about 2 ms each on bluebirds). */
const DS_EXPECTATION_DRAWS = 1000;

/** Genesis time of replicate k: a day apart, so every block hash differs. */
export const replicateGenesis = (k: number) => GENESIS_TIMESTAMP + k * 86_400;

export function figuresOf(row: RowResult): ComparedFigures {
  return { consensusAccuracy: row.consensusAccuracy, dsAccuracy: row.dsAccuracy, labelsPaid: row.labelsPaid, labelsUsed: row.labelsUsed, labelsCollected: row.labelsCollected, gas: row.gas.total };
}

export function summarise(list: readonly ComparedFigures[]): ComparedStats {
  const keys = ["consensusAccuracy", "dsAccuracy", "labelsPaid", "labelsUsed", "labelsCollected", "gas"] as const;
  return Object.fromEntries(keys.map((k) => [k, stat(list.map((f) => f[k]))])) as ComparedStats;
}

/**
 * Replicates of a dataset's adaptive row and its fixed counterpart (R = the adaptive R_max): replicate 0 is the
 * main run; replicates 1..count-1 replay just those two rows on fresh chains with other genesis times and
 * claim-order seeds, so the contract hands the batches to other workers in another order.
 */
export async function runReplicates(options: { dataset: CrowdDataset; main: readonly RowResult[]; count: number; seed: number; log: (line: string) => void }): Promise<ReplicateSummary | undefined> {
  const started = Date.now();
  const { dataset, log } = options;
  const mainAdaptive = options.main.find((r) => r.dataset === dataset.name && r.kind === "adaptive");
  const mainFixed = mainAdaptive && fixedCounterpart(options.main, mainAdaptive);
  if (!mainAdaptive || !mainFixed) return undefined;
  // Fixed rows of one task each (not the split "all" rows), so their Dawid-Skene figure is averaged over draws too.
  const fixedKeys = options.main.filter((r) => r.dataset === dataset.name && r.kind === "fixed" && r.tasks === 1).map((r) => r.key);
  const mainRow = (key: string) => options.main.find((r) => r.key === key)!;
  // A single-task row's R as planned (its label may read "5 (all)").
  const planned = scenariosFor(dataset, { seed: options.seed, adversaries: false });
  const plannedRedundancy = (key: string) => planned.find((r) => r.key === key)!.plans[0]!.redundancy;
  const replicates: Replicate[] = [
    {
      replicate: 0,
      genesisTimestamp: GENESIS_TIMESTAMP,
      seed: options.seed,
      adaptive: figuresOf(mainAdaptive),
      fixed: figuresOf(mainFixed),
      fixedRows: Object.fromEntries(fixedKeys.map((key) => [key, figuresOf(mainRow(key))])),
    },
  ];
  for (let k = 1; k < options.count; k++) {
    const seed = options.seed + 1000 * k;
    const rows = scenariosFor(dataset, { seed, adversaries: false });
    const adaptiveRow = rows.find((r) => r.kind === "adaptive")!;
    const fixedRow = fixedCounterpart(rows, adaptiveRow)!;
    const chain = await openSimChain(replicateGenesis(k));
    try {
      const quiet = () => {};
      const fixedRows: Record<string, ComparedFigures> = {};
      for (const row of rows.filter((r) => fixedKeys.includes(r.key))) fixedRows[row.key] = figuresOf((await replayRow({ chain, row, dataset, log: quiet })).result);
      const fixed = fixedRows[fixedRow.key] ?? figuresOf((await replayRow({ chain, row: fixedRow, dataset, log: quiet })).result);
      const adaptive = (await replayRow({ chain, row: adaptiveRow, dataset, log: quiet })).result;
      replicates.push({ replicate: k, genesisTimestamp: chain.genesisTimestamp, seed, adaptive: figuresOf(adaptive), fixed, fixedRows });
      log(
        `replicate ${k} of ${dataset.name}: adaptive ${adaptive.consensusAccuracy.toFixed(3)} / ${adaptive.labelsPaid} paid, ` +
          `fixed ${fixed.consensusAccuracy.toFixed(3)} / ${fixed.labelsPaid} paid; Dawid-Skene ${Object.entries(fixedRows).map(([key, f]) => `${key} ${f.dsAccuracy.toFixed(3)}`).join(", ")}`,
      );
    } finally {
      await chain.stop();
    }
  }
  return {
    dataset: dataset.name,
    adaptiveKey: mainAdaptive.key,
    fixedKey: mainFixed.key,
    replicates,
    adaptive: summarise(replicates.map((r) => r.adaptive)),
    fixed: summarise(replicates.map((r) => r.fixed)),
    fixedRows: Object.fromEntries(fixedKeys.map((key) => [key, summarise(replicates.map((r) => r.fixedRows[key]!))])),
    ...(isDense(dataset)
      ? {
          expectation: assignmentExpectation(dataset, { batchSize: mainFixed.batchSize, rMax: Number(mainAdaptive.redundancy.split("..")[1]), draws: 2000, seed: options.seed }),
          dsExpectations: Object.fromEntries(
            fixedKeys.map((key) => [key, dsExpectation(dataset, { redundancy: plannedRedundancy(key), batchSize: mainRow(key).batchSize, draws: DS_EXPECTATION_DRAWS, seed: options.seed })]),
          ),
        }
      : {}),
    seconds: (Date.now() - started) / 1000,
  };
}

import type { RowResult } from "./analyseRow.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import { forgeGasPerLabel } from "./referenceNumbers.ts";
import { replayRow } from "./replayRow.ts";
import { batchSweepRows } from "./scenarios.ts";
import { openSimChain } from "./simChain.ts";

export type GasSweep = {
  dataset: string;
  redundancy: number;
  /** One fixed-R row per batch size, replayed end to end on a chain of their own. */
  rows: RowResult[];
  /** `pnpm bench:gas` (forge, contracts/README.md): gas per label of a 3-annotator lifecycle by batch size. */
  forge: Record<number, number>;
  seconds: number;
};

/** Gas per label against batch size, end to end (every claim, assignment, commit, reveal, finalisation of a whole dataset). */
export async function runGasSweep(options: { dataset: CrowdDataset; redundancy: number; batchSizes: readonly number[]; seed: number; log: (line: string) => void }): Promise<GasSweep> {
  const started = Date.now();
  const chain = await openSimChain();
  const rows: RowResult[] = [];
  try {
    for (const row of batchSweepRows(options.dataset, options)) rows.push((await replayRow({ chain, row, dataset: options.dataset, log: options.log })).result);
  } finally {
    await chain.stop();
  }
  return { dataset: options.dataset.name, redundancy: options.redundancy, rows, forge: forgeGasPerLabel, seconds: (Date.now() - started) / 1000 };
}

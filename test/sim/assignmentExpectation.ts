import { seededRandom } from "@crowdlabel/sdk";
import type { CrowdDataset } from "./crowdDataset.ts";
import { shuffled } from "./shuffled.ts";
import { stat, type Stat } from "./stats.ts";

export type AssignmentExpectation = {
  draws: number;
  fixed: Stat;
  adaptive: Stat;
  /** Draws in which adaptive and fixed answered any item differently (0: stopping at a strict majority of R_max never changes the answer). */
  differingDraws: number;
};

/** `count` distinct workers drawn uniformly at random, in draw order. */
export function distinctWorkers(workers: readonly string[], count: number, random: () => number): string[] {
  const pool = [...workers];
  const chosen: string[] = [];
  for (let k = 0; k < count; k++) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return chosen;
}

/**
 * Workers per batch as the replay's claim rounds hand them out (replayTask: each round every worker, in a shuffled
 * order, asks for one slot; the contract gives it a uniformly random open batch, skipping batches it already holds),
 * until each of `batchCount` batches has `redundancy` workers. Every worker ends up with nearly the same number of batches.
 */
export function claimRoundGroups(workers: readonly string[], batchCount: number, redundancy: number, random: () => number): string[][] {
  if (redundancy > workers.length) throw new RangeError(`${redundancy} workers per batch need at least that many workers, not ${workers.length}.`);
  const groups: string[][] = Array.from({ length: batchCount }, () => []);
  let open = batchCount;
  while (open > 0) {
    for (const worker of shuffled(workers, random)) {
      const choices = groups.filter((g) => g.length < redundancy && !g.includes(worker));
      if (choices.length === 0) continue;
      const group = choices[Math.floor(random() * choices.length)]!;
      group.push(worker);
      if (group.length === redundancy) open--;
    }
  }
  return groups;
}

/**
 * What random assignment alone does to accuracy, off chain, for dense data: per draw, every batch gets R_max
 * distinct workers in the replay's claim rounds (`claimRoundGroups`), in the order they were assigned; fixed R_max
 * takes the strict-majority answer of all of them (a tie stays unresolved, counted wrong), adaptive stops an item as
 * soon as one class has a strict majority of R_max.
 * Both use the same draw, so they differ only where adaptive stops early. The spread of a single draw tells how many
 * on-chain replicates the adaptive-vs-fixed bar needs.
 */
export function assignmentExpectation(dataset: CrowdDataset, options: { batchSize: number; rMax: number; draws: number; seed: number }): AssignmentExpectation {
  const { batchSize, rMax } = options;
  const bar = Math.floor(rMax / 2) + 1;
  const random = seededRandom(options.seed);
  const labelOf = new Map(dataset.items.map((item) => [item, new Map((dataset.labels.get(item) ?? []).map((l) => [l.worker, l.label]))]));
  const fixed: number[] = [];
  const adaptive: number[] = [];
  let differingDraws = 0;
  for (let d = 0; d < options.draws; d++) {
    let fixedCorrect = 0;
    let adaptiveCorrect = 0;
    let differs = false;
    const groups = claimRoundGroups(dataset.workers, Math.ceil(dataset.items.length / batchSize), rMax, random);
    for (const [b, chosen] of groups.entries()) {
      for (const item of dataset.items.slice(b * batchSize, (b + 1) * batchSize)) {
        const truth = dataset.truth.get(item);
        const labels = chosen.map((w) => labelOf.get(item)!.get(w)!);
        const counts = new Map<number, number>();
        let early: number | null = null;
        for (const label of labels) {
          counts.set(label, (counts.get(label) ?? 0) + 1);
          if (early === null && counts.get(label)! >= bar) early = label;
        }
        const winner = [...counts].find(([, n]) => n >= bar)?.[0] ?? null;
        if (winner !== null && winner === truth) fixedCorrect++;
        if (early !== null && early === truth) adaptiveCorrect++;
        if (early !== winner) differs = true;
      }
    }
    if (differs) differingDraws++;
    fixed.push(fixedCorrect / dataset.items.length);
    adaptive.push(adaptiveCorrect / dataset.items.length);
  }
  return { draws: options.draws, fixed: stat(fixed), adaptive: stat(adaptive), differingDraws };
}

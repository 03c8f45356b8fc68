import { buildCrowdLabels, dawidSkene, seededRandom, type LabelTriple } from "@crowdlabel/sdk";
import { claimRoundGroups, distinctWorkers } from "./assignmentExpectation.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import { stat, type Stat } from "./stats.ts";

export type DsExpectation = {
  redundancy: number;
  draws: number;
  /** The row's batch size. */
  batchSize: number;
  /**
   * The replay's design: every worker asks for one slot per claim round and gets a uniformly random batch with a free
   * slot it does not hold, until every batch has `redundancy` workers (so workers get nearly equal numbers of batches).
   */
  replayed: Stat;
  /** Every batch gets `redundancy` independent random workers (workers' batch counts vary). */
  batched: Stat;
  /** The replay's claim rounds with one image per batch: what batching costs, apart from the claim order. */
  replayedPerImage: Stat;
  /** `redundancy` independent random workers per image (how a "R labels per image" subsample is usually drawn). */
  perImage: Stat;
};

/**
 * Off chain, dense data: the exported Dawid-Skene (sdk `dawidSkene`, classes + "cannot label", as in the export) over
 * many random worker draws, as the replay assigns workers and with independent draws, in the row's batches and one
 * image per batch. It tells what the replicated on-chain mean can reach with this Dawid-Skene at all, and what the
 * batching and the claim order cost it.
 */
export function dsExpectation(dataset: CrowdDataset, options: { redundancy: number; batchSize: number; draws: number; seed: number }): DsExpectation {
  const { redundancy } = options;
  const random = seededRandom(options.seed);
  const labelOf = new Map(dataset.items.map((item) => [item, new Map((dataset.labels.get(item) ?? []).map((l) => [l.worker, l.label]))]));
  const accuracyOf = (batchSize: number, groups: readonly (readonly string[])[]) => {
    const triples: LabelTriple<string, string>[] = [];
    groups.forEach((workers, b) => {
      for (const item of dataset.items.slice(b * batchSize, (b + 1) * batchSize)) for (const worker of workers) triples.push({ item, worker, label: labelOf.get(item)!.get(worker)! });
    });
    const data = buildCrowdLabels(triples, { items: dataset.items, classCount: dataset.classCount + 1 });
    let correct = 0;
    dawidSkene(data).labels.forEach((label, i) => label === dataset.truth.get(data.itemIds[i]!) && correct++);
    return correct / dataset.items.length;
  };
  const batchCount = (batchSize: number) => Math.ceil(dataset.items.length / batchSize);
  const replayed = (batchSize: number) => accuracyOf(batchSize, claimRoundGroups(dataset.workers, batchCount(batchSize), redundancy, random));
  const independent = (batchSize: number) => accuracyOf(batchSize, Array.from({ length: batchCount(batchSize) }, () => distinctWorkers(dataset.workers, redundancy, random)));
  const draws = Array.from({ length: options.draws }, () => ({
    replayed: replayed(options.batchSize),
    batched: independent(options.batchSize),
    replayedPerImage: replayed(1),
    perImage: independent(1),
  }));
  return {
    redundancy,
    draws: options.draws,
    batchSize: options.batchSize,
    replayed: stat(draws.map((d) => d.replayed)),
    batched: stat(draws.map((d) => d.batched)),
    replayedPerImage: stat(draws.map((d) => d.replayedPerImage)),
    perImage: stat(draws.map((d) => d.perImage)),
  };
}

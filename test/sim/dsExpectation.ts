import { buildCrowdLabels, dawidSkene, seededRandom, type LabelTriple } from "@crowdlabel/sdk";
import { distinctWorkers } from "./assignmentExpectation.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import { stat, type Stat } from "./stats.ts";

export type DsExpectation = {
  redundancy: number;
  draws: number;
  /** The protocol's design: every batch of `batchSize` items gets `redundancy` distinct random workers. */
  batchSize: number;
  batched: Stat;
  /** `redundancy` distinct random workers per image (how a "R labels per image" subsample is usually drawn). */
  perImage: Stat;
};

/**
 * Off chain, dense data: the exported Dawid-Skene (sdk `dawidSkene`, classes + "cannot label", as in the export) over
 * many random worker draws, with the protocol's batches and with one draw per image. It tells what the replicated
 * on-chain mean can reach with this Dawid-Skene at all, and what batching costs it.
 */
export function dsExpectation(dataset: CrowdDataset, options: { redundancy: number; batchSize: number; draws: number; seed: number }): DsExpectation {
  const random = seededRandom(options.seed);
  const labelOf = new Map(dataset.items.map((item) => [item, new Map((dataset.labels.get(item) ?? []).map((l) => [l.worker, l.label]))]));
  const accuracyOfDraw = (batchSize: number) => {
    const triples: LabelTriple<string, string>[] = [];
    for (let start = 0; start < dataset.items.length; start += batchSize) {
      const workers = distinctWorkers(dataset.workers, options.redundancy, random);
      for (const item of dataset.items.slice(start, start + batchSize)) for (const worker of workers) triples.push({ item, worker, label: labelOf.get(item)!.get(worker)! });
    }
    const data = buildCrowdLabels(triples, { items: dataset.items, classCount: dataset.classCount + 1 });
    const labels = dawidSkene(data).labels;
    let correct = 0;
    labels.forEach((label, i) => label === dataset.truth.get(data.itemIds[i]!) && correct++);
    return correct / dataset.items.length;
  };
  const batched: number[] = [];
  const perImage: number[] = [];
  for (let d = 0; d < options.draws; d++) {
    batched.push(accuracyOfDraw(options.batchSize));
    perImage.push(accuracyOfDraw(1));
  }
  return { redundancy: options.redundancy, draws: options.draws, batchSize: options.batchSize, batched: stat(batched), perImage: stat(perImage) };
}

import { className, datasetCrowdLabels, dawidSkene, goldAccuracy, goldAgreement, itemRecords, sharedItemsOnly, type DatasetGold, type DatasetSource, type DawidSkeneResult, type GoldAgreement } from "@crowdlabel/sdk";
import type { TaskStats } from "../../lib/indexer.ts";

/** Tenths, as the indexer buckets the agreement histogram. */
const HISTOGRAM_BUCKETS = 10;

/** The task's confusion estimate: rows are the true classes Dawid-Skene found among the images, columns every label. */
export type TaskConfusion = { trueClasses: number[]; matrix: number[][] };

/**
 * Task-level confusion estimate from Dawid-Skene: each worker's P(says l | true k), weighted by how many labels that
 * worker gave. A class no image is estimated to be (often "cannot label") gets no row: its row would be smoothing only.
 */
export function taskConfusion(source: DatasetSource, ds: DawidSkeneResult): TaskConfusion {
  const crowd = datasetCrowdLabels(source);
  const k = crowd.classCount;
  const counts = new Array<number>(crowd.workerCount).fill(0);
  for (let i = 0; i < crowd.worker.length; i++) counts[crowd.worker[i]!]!++;
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  const trueClasses = ds.presentClasses;
  const matrix = trueClasses.map(() => new Array<number>(k).fill(0));
  ds.confusion.forEach((confusion, w) => {
    const weight = counts[w]! / total;
    trueClasses.forEach((a, row) => {
      for (let b = 0; b < k; b++) matrix[row]![b]! += weight * (confusion[a * k + b] ?? 0);
    });
  });
  return { trueClasses, matrix };
}

/**
 * The indexer's chart data (`GET /api/tasks/:id/stats`) rebuilt from chain events, for when the indexer is unreachable:
 * consensus classes, the agreement histogram of resolved images and the finalised images left without consensus.
 */
export function browserTaskStats(source: DatasetSource): Pick<TaskStats, "classDistribution" | "agreementHistogram" | "unresolvedItems"> {
  const K = source.task.classCount + 1;
  const classCounts = new Array<number>(K).fill(0);
  const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  const unresolved: TaskStats["unresolvedItems"] = [];
  for (const r of itemRecords(source)) {
    if (r.votes.length === 0) continue;
    if (r.consensus !== null) {
      classCounts[r.consensus]!++;
      const share = r.votes.filter((v) => v.label === r.consensus).length / r.votes.length;
      histogram[Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(share * HISTOGRAM_BUCKETS + 1e-9))]!++;
    } else if (r.finaliseTx !== null && unresolved.length < 100) {
      const votes = new Array<number>(K).fill(0);
      for (const v of r.votes) votes[v.label]!++;
      unresolved.push({ item: r.index, votes });
    }
  }
  return {
    classDistribution: classCounts.map((count, classId) => ({ classId, name: className(source, classId), count })),
    agreementHistogram: histogram.map((count, b) => ({ bucket: b / HISTOGRAM_BUCKETS, count })),
    unresolvedItems: unresolved,
  };
}

/** `dsAccuracy` is null for an annotator whose every label is on an image nobody else labeled. */
/** `agreement`: with the consensus of the images that have one; null while none of theirs does (nothing scored yet). */
export type WorkerQuality = { address: string; labels: number; dsAccuracy: number | null; agreement: number | null };

/**
 * Per annotator: labels, agreement with consensus, and Dawid-Skene accuracy. The accuracy rests only on images two or
 * more annotators labeled (sdk `sharedItemsOnly`, as the indexer's reputation): the model fits a lone label as right,
 * so a redundancy-1 task's annotators would all look near-perfect. `ds` (the export's fit) is reused when every
 * labeled image is shared; otherwise the shared images are fitted again.
 */
export function workerQuality(source: DatasetSource, ds: DawidSkeneResult): WorkerQuality[] {
  const crowd = datasetCrowdLabels(source);
  const shared = sharedItemsOnly(crowd);
  const sharedLabels = new Array<number>(crowd.workerCount).fill(0);
  for (const w of shared.worker) sharedLabels[w]!++;
  const fit = shared === crowd ? ds : shared.label.length > 0 ? dawidSkene(shared) : undefined;
  const stats = crowd.workerIds.map((address) => ({ address, labels: 0, agreed: 0, scored: 0 }));
  const workerIndex = new Map(crowd.workerIds.map((address, w) => [address, w]));
  for (const r of itemRecords(source)) {
    for (const v of r.votes) {
      const w = workerIndex.get(v.annotator.toLowerCase());
      if (w === undefined) continue;
      stats[w]!.labels++;
      if (r.consensus !== null) {
        stats[w]!.scored++;
        if (v.label === r.consensus) stats[w]!.agreed++;
      }
    }
  }
  return stats
    .map((s, w) => ({
      address: s.address,
      labels: s.labels,
      dsAccuracy: fit && sharedLabels[w]! > 0 ? (fit.workerAccuracy[w] ?? null) : null,
      agreement: s.scored ? s.agreed / s.scored : null,
    }))
    .sort((a, b) => b.labels - a.labels);
}

/** The task's labels against the owner's gold answers: how right the consensus, Dawid-Skene and each annotator are. */
export type GoldCheck = GoldAgreement & {
  /** Per annotator with labels on gold images, most labels first. */
  annotators: { address: string; labels: number; correct: number }[];
};

export function goldCheck(source: DatasetSource, ds: DawidSkeneResult | undefined, gold: DatasetGold): GoldCheck {
  const crowd = datasetCrowdLabels(source);
  const { workers } = goldAccuracy(crowd, new Map(gold.items.map((item, i) => [item, gold.labels[i]!])));
  const annotators = workers
    .map((w, i) => ({ address: crowd.workerIds[i]!, labels: w.total, correct: w.agreed }))
    .filter((a) => a.labels > 0)
    .sort((a, b) => b.labels - a.labels || b.correct - a.correct);
  return { ...goldAgreement(source, gold, ds), annotators };
}

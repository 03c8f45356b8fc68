import { datasetCrowdLabels, goldAccuracy, goldAgreement, itemRecords, type DatasetGold, type DatasetSource, type DawidSkeneResult, type GoldAgreement } from "@crowdlabel/sdk";

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

/** Per resolved item: share of its votes equal to consensus, bucketed by tenths. */
export function agreementHistogram(source: DatasetSource): { bucket: string; count: number }[] {
  const buckets = new Array<number>(10).fill(0);
  for (const r of itemRecords(source)) {
    if (r.consensus === null || r.votes.length === 0) continue;
    const share = r.votes.filter((v) => v.label === r.consensus).length / r.votes.length;
    buckets[Math.min(9, Math.floor(share * 10))]!++;
  }
  return buckets.map((count, i) => ({ bucket: `${i * 10}%`, count }));
}

export function classDistribution(source: DatasetSource): { name: string; count: number }[] {
  const { classCount } = source.task;
  const counts = new Array<number>(classCount + 1).fill(0);
  for (const r of itemRecords(source)) if (r.consensus !== null) counts[r.consensus]!++;
  return counts.map((count, i) => ({ name: i === classCount ? "cannot label" : source.manifest.classes[i]?.name ?? String(i), count }));
}

export function unresolvedItems(source: DatasetSource): { index: number; cid: string; votes: number }[] {
  const out: { index: number; cid: string; votes: number }[] = [];
  for (const r of itemRecords(source)) if (r.consensus === null && r.votes.length > 0) out.push({ index: r.index, cid: r.cid, votes: r.votes.length });
  return out;
}

export type WorkerQuality = { address: string; labels: number; dsAccuracy: number; agreement: number };

export function workerQuality(source: DatasetSource, ds: DawidSkeneResult): WorkerQuality[] {
  const crowd = datasetCrowdLabels(source);
  const stats = crowd.workerIds.map((address) => ({ address, labels: 0, agreed: 0, scored: 0 }));
  for (const r of itemRecords(source)) {
    for (const v of r.votes) {
      const w = crowd.workerIds.indexOf(v.annotator.toLowerCase());
      if (w < 0) continue;
      stats[w]!.labels++;
      if (r.consensus !== null) {
        stats[w]!.scored++;
        if (v.label === r.consensus) stats[w]!.agreed++;
      }
    }
  }
  return stats
    .map((s, w) => ({ address: s.address, labels: s.labels, dsAccuracy: ds.workerAccuracy[w] ?? 0, agreement: s.scored ? s.agreed / s.scored : 0 }))
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

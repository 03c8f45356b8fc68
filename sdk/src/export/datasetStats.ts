import type { DatasetSource } from "./DatasetSource.ts";
import type { DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import { CANNOT_LABEL, itemRecords } from "./itemRecords.ts";
import { goldAgreement, type GoldAgreement } from "./goldAgreement.ts";

export type DatasetStats = {
  itemCount: number;
  resolvedCount: number;
  /** Items per consensus class (index classCount = cannot label). */
  classCounts: { classId: number; name: string; count: number }[];
  labelCount: number;
  annotatorCount: number;
  meanVotesPerItem: number;
  /** Votes equal to consensus over votes on resolved items. */
  agreementWithConsensus: number;
  /** Resolved items whose Dawid-Skene class equals the consensus (null without aggregation). */
  dsAgreementWithConsensus: number | null;
  /** Consensus and Dawid-Skene against the gold answers the owner revealed; null before the reveal or without gold. */
  gold: (GoldAgreement & { items: number }) | null;
  finalisationCount: number;
  firstFinaliseBlock: bigint | null;
  lastFinaliseBlock: bigint | null;
};

/** Counts and agreement figures for the dataset card. */
export function datasetStats(source: DatasetSource, aggregation?: DawidSkeneResult): DatasetStats {
  const { task, manifest } = source;
  const counts = new Array<number>(task.classCount + 1).fill(0);
  const annotators = new Set<string>();
  let resolvedCount = 0;
  let labelCount = 0;
  let votesOnResolved = 0;
  let agreeing = 0;
  let dsAgree = 0;
  for (const r of itemRecords(source, aggregation)) {
    labelCount += r.votes.length;
    for (const v of r.votes) annotators.add(v.annotator.toLowerCase());
    if (r.consensus === null) continue;
    resolvedCount++;
    counts[r.consensus]!++;
    votesOnResolved += r.votes.length;
    for (const v of r.votes) if (v.label === r.consensus) agreeing++;
    if (r.dsClass === r.consensus) dsAgree++;
  }
  const blocks = source.batches.flatMap((b) => b.finalisations.map((f) => f.block));
  return {
    itemCount: task.itemCount,
    resolvedCount,
    classCounts: counts.map((count, classId) => ({
      classId,
      name: classId === task.classCount ? CANNOT_LABEL : manifest.classes[classId]!.name,
      count,
    })),
    labelCount,
    annotatorCount: annotators.size,
    meanVotesPerItem: task.itemCount === 0 ? 0 : labelCount / task.itemCount,
    agreementWithConsensus: votesOnResolved === 0 ? 0 : agreeing / votesOnResolved,
    dsAgreementWithConsensus: aggregation ? (resolvedCount === 0 ? 0 : dsAgree / resolvedCount) : null,
    gold: source.gold ? { items: source.gold.items.length, ...goldAgreement(source, source.gold, aggregation) } : null,
    finalisationCount: blocks.length,
    firstFinaliseBlock: blocks.length ? blocks.reduce((a, b) => (b < a ? b : a)) : null,
    lastFinaliseBlock: blocks.length ? blocks.reduce((a, b) => (b > a ? b : a)) : null,
  };
}

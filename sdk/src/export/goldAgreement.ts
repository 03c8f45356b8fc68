import type { DawidSkeneResult } from "../aggregation/dawidSkene.ts";
import type { DatasetGold, DatasetSource } from "./DatasetSource.ts";
import { itemRecords } from "./itemRecords.ts";

/** A task's consensus and Dawid-Skene classes against gold answers (the owner's known answers). */
export type GoldAgreement = {
  /** Gold items that got at least one revealed label. */
  labelled: number;
  /** Of those, items with a binding consensus, and those where it equals the gold answer. */
  resolved: number;
  consensusCorrect: number;
  /** Labelled gold items whose Dawid-Skene class equals the gold answer (null without aggregation). */
  dsCorrect: number | null;
};

/**
 * Checks consensus (binding) and Dawid-Skene (given `aggregation`) against `gold`: the revealed answers
 * (`source.gold`) or, before the reveal, the owner's own copy. Gold items outside the task are ignored.
 */
export function goldAgreement(source: DatasetSource, gold: DatasetGold, aggregation?: DawidSkeneResult): GoldAgreement {
  const answers = new Map(gold.items.map((item, i) => [item, gold.labels[i]!]));
  let labelled = 0;
  let resolved = 0;
  let consensusCorrect = 0;
  let dsCorrect = 0;
  for (const r of itemRecords(source, aggregation)) {
    const answer = answers.get(r.index);
    if (answer === undefined || r.votes.length === 0) continue;
    labelled++;
    if (r.dsClass === answer) dsCorrect++;
    if (r.consensus === null) continue;
    resolved++;
    if (r.consensus === answer) consensusCorrect++;
  }
  return { labelled, resolved, consensusCorrect, dsCorrect: aggregation ? dsCorrect : null };
}

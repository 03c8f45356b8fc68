/** A task's reputation gate, as `getTask` returns it. */
export type ReputationGate = { minLabelsRevealed: number; minAgreementBps: number };

/** An annotator's on-chain counters (`annotatorStats`): labels revealed in finalised batches, and those that agreed. */
export type AnnotatorCounters = { labelsRevealed: number; labelsAgreed: number };

/**
 * Whether `counters` pass `gate`, exactly as the contract's `isEligible`: at least `minLabelsRevealed` labels, and an
 * agreement rate of at least `minAgreementBps`. No counters (a fresh wallet) counts as zero of each.
 */
export function passesGate(gate: ReputationGate, counters: AnnotatorCounters | undefined): boolean {
  const revealed = counters?.labelsRevealed ?? 0;
  const agreed = counters?.labelsAgreed ?? 0;
  // An agreement gate also needs one revealed label: with none, 0 >= bps * 0 would admit any fresh wallet.
  return revealed >= gate.minLabelsRevealed && (gate.minAgreementBps === 0 || revealed > 0) && agreed * 10_000 >= gate.minAgreementBps * revealed;
}

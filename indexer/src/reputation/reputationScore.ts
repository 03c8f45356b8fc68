import { betaSmoothedRate } from "@crowdlabel/sdk";

export type ReputationInputs = {
  labelsRevealed: number;
  labelsScored: number;
  labelsAgreed: number;
  ppSame: number;
  ppDiff: number;
  ppCount: number;
  goldTotal: number;
  goldCorrect: number;
  dsWeighted: number;
  dsLabels: number;
};

export type ReputationBreakdown = {
  /** Beta(1,1)-smoothed agreement with consensus: (agreed + 1) / (scored + 2). */
  consensusAgreement: number;
  /** Peer-prediction score: (same-item matches - random-item matches) / (pairs + 2), clamped to [-1, 1]. */
  peerPrediction: number;
  /** Beta(1,1)-smoothed accuracy on revealed gold items; null without gold. */
  goldAccuracy: number | null;
  /** Label-weighted mean of per-task Dawid-Skene accuracy; null before any estimate. */
  dsAccuracy: number | null;
  /** n / (n + 50) over labels revealed: how much evidence backs the quality figure. */
  confidence: number;
  /** Weighted mean of the available quality components, in [0, 1]. */
  quality: number;
};

export const SCORE_WEIGHTS = { consensusAgreement: 0.35, peerPrediction: 0.25, goldAccuracy: 0.25, dsAccuracy: 0.15 } as const;
export const CONFIDENCE_LABELS = 50;

/**
 * The documented reputation score, 0..1000:
 *   quality = (0.35·A + 0.25·max(0, P) + 0.25·G + 0.15·D) / (sum of the weights of the components present)
 *   score   = round(1000 · quality · n / (n + 50))
 * A consensus agreement, P peer prediction, G gold accuracy (only with gold), D Dawid-Skene accuracy
 * (only once estimated), n labels revealed.
 */
export function reputationScore(input: ReputationInputs): { score: number; breakdown: ReputationBreakdown } {
  const consensusAgreement = betaSmoothedRate({ agreed: input.labelsAgreed, total: input.labelsScored });
  const peerPrediction = Math.max(-1, Math.min(1, (input.ppSame - input.ppDiff) / (input.ppCount + 2)));
  const goldAccuracy = input.goldTotal > 0 ? betaSmoothedRate({ agreed: input.goldCorrect, total: input.goldTotal }) : null;
  const dsAccuracy = input.dsLabels > 0 ? input.dsWeighted / input.dsLabels : null;
  let weighted = SCORE_WEIGHTS.consensusAgreement * consensusAgreement + SCORE_WEIGHTS.peerPrediction * Math.max(0, peerPrediction);
  let weights = SCORE_WEIGHTS.consensusAgreement + SCORE_WEIGHTS.peerPrediction;
  if (goldAccuracy !== null) {
    weighted += SCORE_WEIGHTS.goldAccuracy * goldAccuracy;
    weights += SCORE_WEIGHTS.goldAccuracy;
  }
  if (dsAccuracy !== null) {
    weighted += SCORE_WEIGHTS.dsAccuracy * dsAccuracy;
    weights += SCORE_WEIGHTS.dsAccuracy;
  }
  const quality = weighted / weights;
  const confidence = input.labelsRevealed / (input.labelsRevealed + CONFIDENCE_LABELS);
  return {
    score: Math.round(1000 * quality * confidence),
    breakdown: { consensusAgreement, peerPrediction, goldAccuracy, dsAccuracy, confidence, quality },
  };
}

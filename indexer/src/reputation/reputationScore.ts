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
  dsSkillWeighted: number;
  dsLabels: number;
};

export type ReputationBreakdown = {
  /** Beta(1,1)-smoothed agreement with consensus: (agreed + 1) / (scored + 2). */
  consensusAgreement: number;
  /** Peer-prediction score: (same-item matches - random-item matches) / (pairs + 2), clamped to [-1, 1]. */
  peerPrediction: number;
  /** Beta(1,1)-smoothed accuracy on revealed gold items; null without gold. */
  goldAccuracy: number | null;
  /**
   * Label-weighted mean of per-task Dawid-Skene skill (chance-corrected balanced accuracy, sdk `workerSkill`);
   * null before any estimate.
   */
  dsSkill: number | null;
  /** n / (n + 50) over labels revealed: how much evidence backs the quality figure. */
  confidence: number;
  /** Weighted mean of the available quality components, in [0, 1]. */
  quality: number;
};

// Gold and DS estimate the annotator's own accuracy, allowing for a wrong consensus; agreement and peer
// prediction are proxies, kept for early evidence and against lazy strategies.
export const SCORE_WEIGHTS = { consensusAgreement: 0.15, peerPrediction: 0.15, goldAccuracy: 0.35, dsSkill: 0.35 } as const;
export const CONFIDENCE_LABELS = 50;

/**
 * The documented reputation score, 0..1000:
 *   quality = (0.15·A + 0.15·max(0, P) + 0.35·G + 0.35·D) / (sum of the weights of the components present)
 *   score   = round(1000 · quality · n / (n + 50))
 * A consensus agreement, P peer prediction, G gold accuracy (only with gold), D Dawid-Skene skill
 * (only once estimated), n labels revealed.
 */
export function reputationScore(input: ReputationInputs): { score: number; breakdown: ReputationBreakdown } {
  const consensusAgreement = betaSmoothedRate({ agreed: input.labelsAgreed, total: input.labelsScored });
  const peerPrediction = Math.max(-1, Math.min(1, (input.ppSame - input.ppDiff) / (input.ppCount + 2)));
  const goldAccuracy = input.goldTotal > 0 ? betaSmoothedRate({ agreed: input.goldCorrect, total: input.goldTotal }) : null;
  const dsSkill = input.dsLabels > 0 ? input.dsSkillWeighted / input.dsLabels : null;
  let weighted = SCORE_WEIGHTS.consensusAgreement * consensusAgreement + SCORE_WEIGHTS.peerPrediction * Math.max(0, peerPrediction);
  let weights = SCORE_WEIGHTS.consensusAgreement + SCORE_WEIGHTS.peerPrediction;
  if (goldAccuracy !== null) {
    weighted += SCORE_WEIGHTS.goldAccuracy * goldAccuracy;
    weights += SCORE_WEIGHTS.goldAccuracy;
  }
  if (dsSkill !== null) {
    weighted += SCORE_WEIGHTS.dsSkill * dsSkill;
    weights += SCORE_WEIGHTS.dsSkill;
  }
  const quality = weighted / weights;
  const confidence = input.labelsRevealed / (input.labelsRevealed + CONFIDENCE_LABELS);
  return {
    score: Math.round(1000 * quality * confidence),
    breakdown: { consensusAgreement, peerPrediction, goldAccuracy, dsSkill, confidence, quality },
  };
}

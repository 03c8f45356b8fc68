import type { AnnotatorReputation, ReputationComponent } from "../../lib/indexer.ts";
import { Progress } from "../../ui/Progress.tsx";
import { formatPercent } from "../../ui/format.ts";

const components: { key: ReputationComponent; label: string; explain: string; absent: string }[] = [
  {
    key: "dsSkill",
    label: "Dawid-Skene skill",
    explain: "Accuracy on each true class, estimated from everyone's labels in the owner's tasks and corrected for chance: 0% for guessing or always giving one answer.",
    absent: "Not estimated yet: needs a finalised batch.",
  },
  {
    key: "goldAccuracy",
    label: "Gold accuracy",
    explain: "Right answers on the owner's gold images (known answers, hidden until the owner reveals them).",
    absent: "No gold answer among these labels has been revealed yet; the other parts share its weight.",
  },
  {
    key: "consensusAgreement",
    label: "Agreement",
    explain: "Finalised labels that matched consensus, pulled toward 50% while there are few (the raw share is above).",
    absent: "No finalised label yet.",
  },
  {
    key: "peerPrediction",
    label: "Peer prediction",
    explain: "How much more often a label matches another annotator's on the same image than on a random other one: 0% for always giving one answer; below 0 counts as 0.",
    absent: "No batch with another revealer yet.",
  },
];

/** A component's part of the weighted mean; nothing when the indexer sent no weights. */
function shareText(value: number | null, weight: number | undefined, presentWeight: number): string {
  if (weight === undefined || presentWeight <= 0) return "";
  return value === null ? "not counted" : `${formatPercent(weight / presentWeight)} of quality`;
}

/**
 * How the reputation score is made, line by line: each quality component with its share of the weighted mean, then
 * quality x confidence. The weights come from the indexer (without them the shares are left out).
 */
export function ReputationBreakdown({ reputation }: { reputation: AnnotatorReputation }) {
  const { breakdown, weights, confidenceLabels } = reputation;
  const rows = components.map((c) => ({ ...c, value: breakdown[c.key] ?? null, weight: weights?.[c.key] }));
  const presentWeight = rows.reduce((sum, r) => sum + (r.value !== null && r.weight !== undefined ? r.weight : 0), 0);
  const quality = breakdown.quality ?? null;
  const confidence = breakdown.confidence ?? null;
  const labels = breakdown.labelsRevealed ?? null;
  return (
    <div className="breakdown">
      <ul className="breakdown-rows">
        {rows.map((r) => (
          <li key={r.key} className={r.value === null ? "absent" : undefined} data-testid={`breakdown-${r.key}`}>
            <span className="breakdown-label">{r.label}</span>
            <span className="breakdown-value num">{r.value === null ? "–" : formatPercent(r.value)}</span>
            <Progress value={r.value === null ? 0 : Math.max(0, r.value)} label={r.label} />
            <span className="breakdown-share tiny muted">{shareText(r.value, r.weight, presentWeight)}</span>
            <p className="tiny muted">{r.value === null ? r.absent : r.explain}</p>
          </li>
        ))}
      </ul>
      {quality !== null && confidence !== null ? (
        <dl className="breakdown-total">
          <dt>Quality</dt>
          <dd className="num">{formatPercent(quality)}</dd>
          <dt>Confidence</dt>
          <dd className="num">{formatPercent(confidence)}</dd>
          {labels !== null && confidenceLabels ? (
            <dd className="tiny muted breakdown-note">
              {labels} labels ÷ ({labels} + {confidenceLabels}): it keeps a few lucky labels off the top; {confidenceLabels} labels give 50%.
            </dd>
          ) : null}
          <dt>Score</dt>
          <dd className="num" data-testid="breakdown-score">
            1000 × {formatPercent(quality)} × {formatPercent(confidence)} = <strong>{Math.round(reputation.score)}</strong>
          </dd>
        </dl>
      ) : null}
    </div>
  );
}

import type { PoolCandidate, PooledAggregation } from "./usePooledAggregation.ts";
import { Alert } from "../../ui/Alert.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { countText } from "../../ui/format.ts";

/**
 * Which of the owner's other tasks (same classes) the export's Dawid-Skene model is fitted over. Only shown when
 * there are such tasks: pooling is for a dataset split over several tasks.
 */
export function PoolPicker({
  candidates,
  selected,
  onChange,
  pooled,
  classes,
  disabled,
}: {
  candidates: readonly PoolCandidate[];
  selected: readonly bigint[];
  onChange: (ids: bigint[]) => void;
  pooled: PooledAggregation;
  classes: readonly string[];
  disabled: boolean;
}) {
  if (candidates.length === 0) return null;
  const toggle = (id: bigint, on: boolean) => onChange(on ? [...selected, id].sort((a, b) => (a < b ? -1 : 1)) : selected.filter((x) => x !== id));
  return (
    <fieldset className="pool-picker" data-testid="pool-picker">
      <legend>Fit Dawid-Skene over more tasks</legend>
      <p className="small muted">
        Your other tasks with the same classes ({classes.join(", ")}). Fitting the model over their labels too gives each annotator's
        confusion matrix more to rest on, which matters when one dataset is split over several tasks. Consensus and votes are unchanged.
      </p>
      <div className="pool-options">
        {candidates.map((t) => (
          <label key={t.id.toString()} className="pool-option">
            <input
              type="checkbox"
              checked={selected.includes(t.id)}
              disabled={disabled}
              onChange={(e) => toggle(t.id, e.target.checked)}
              data-testid={`pool-task-${t.id}`}
            />
            <span>
              <strong>#{t.id.toString()}</strong> {t.title}
              <span className="tiny muted">
                {" "}
                · {countText(t.itemCount, "image")} · {t.batchesDone}/{t.batchCount} batches done
              </span>
            </span>
          </label>
        ))}
      </div>
      {selected.length === 0 ? null : pooled.error ? (
        <Alert tone="danger" title="Cannot pool these tasks">
          {pooled.error}
        </Alert>
      ) : pooled.loading || !pooled.aggregation ? (
        <div className="small muted row">
          <Spinner label="Loading the pooled tasks" /> Loading {selected.length} task{selected.length === 1 ? "" : "s"} from the chain and IPFS…
        </div>
      ) : (
        <p className="small" data-testid="pool-status">
          Dawid-Skene fitted over {selected.length + 1} tasks: {pooled.labels.toLocaleString()} labels from {pooled.annotators} annotators. Exports
          name the pooled tasks (COCO <code>info</code>, dataset card).
        </p>
      )}
    </fieldset>
  );
}

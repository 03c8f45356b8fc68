import { useState } from "react";
import { usePublicClient } from "wagmi";
import type { PublicClient } from "viem";
import { BatchPhase, readBatchViews, summariseBatchPhases, type BatchPhaseSummary, type BatchView } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { useAnnotatorActions } from "../labeling/useAnnotatorActions.ts";
import { decodeTxError } from "../transactions/decodeTxError.ts";
import { batchesText, formatDuration } from "../../ui/format.ts";

/** Why none of the task's batches can be finalised now, and when the first can. */
export function nothingReadyText(s: BatchPhaseSummary, now: number): string {
  const within = (at: number) => (at > now ? ` in ${formatDuration(at - now)}` : " within a block");
  const parts = [
    s.revealing ? `${batchesText(s.revealing)} being revealed (the first reveal window ends${within(s.firstRevealEndsAt!)})` : "",
    s.committing ? `${batchesText(s.committing)} collecting commits (the first reveal opens${within(s.firstRevealOpensAt!)})` : "",
  ].filter(Boolean);
  return `No batch of this task can be finalised now${parts.length ? `: ${parts.join(", ")}` : ""}. Nothing was sent.`;
}

/**
 * Settles every finalisable batch of a task whose batches span several pages of the table: reads each batch's phase
 * on chain (on click, not on every block), then finalises the ready ones in as few transactions as fit.
 */
export function FinaliseWholeTask(props: {
  taskId: bigint;
  batchCount: number;
  pendingBatches: number;
  revealWindow: number;
  createdBlock?: bigint;
  now: number;
  busy: boolean;
  exclusive: (action: () => Promise<unknown>) => () => void;
}) {
  const client = usePublicClient() as PublicClient | undefined;
  const actions = useAnnotatorActions();
  const [reading, setReading] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const finaliseAll = async () => {
    if (!client) return;
    setNote(null);
    setReading(true);
    let ready: BatchView[];
    try {
      const batchIds = Array.from({ length: props.batchCount }, (_, i) => i);
      const views = await readBatchViews(client, { contract: getConfig().crowdlabel, taskId: props.taskId, batchIds });
      ready = views.filter((b) => b.phase === BatchPhase.Finalisable);
      if (ready.length === 0) setNote(nothingReadyText(summariseBatchPhases(views, props.revealWindow), props.now));
    } catch (error) {
      const { title, fix } = decodeTxError(error);
      setNote(`Could not read the task's batches: ${title}${fix ? ` ${fix}` : ""}`);
      return;
    } finally {
      setReading(false);
    }
    // Their round ends were just read: the vectors need no second read of the same batches.
    if (ready.length) await actions.finalise(props.taskId, ready.map((b) => b.batchId), props.createdBlock, ready.map((b) => b.roundEnd));
  };

  return (
    <div className="stack" style={{ gap: "0.25rem", marginBottom: "0.5rem" }} data-testid="finalise-other-pages">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <span className="small muted">
          {batchesText(props.pendingBatches)} of this task {props.pendingBatches === 1 ? "has" : "have"} commits not finalised yet, on this page or others (some may still be in
          their commit or reveal window).
        </span>
        <button type="button" className="btn sm" disabled={props.busy} onClick={props.exclusive(finaliseAll)} data-testid="dashboard-finalise-task">
          {reading ? "Reading batches…" : "Finalise all ready batches of the task"}
        </button>
      </div>
      {note ? (
        <p className="small" role="status" data-testid="finalise-task-note">
          {note}
        </p>
      ) : null}
    </div>
  );
}

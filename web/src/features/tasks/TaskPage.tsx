import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useAccount, useBlock, useReadContract } from "wagmi";
import { claimsOver, crowdlabelAbi, type TaskManifest } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { isBehindChain, useManifest, useTask, useTaskIndexerSummary, useTokenMeta } from "./queries.ts";
import { useLapsedClaim, useMyWork } from "../labeling/useMyWork.ts";
import { nextBatchToLabel } from "../labeling/nextBatchToLabel.ts";
import { claimRequestState } from "../labeling/claimRequestState.ts";
import { ClaimRequestNotice } from "./ClaimRequestNotice.tsx";
import { MAX_CLAIM, useClaimAvailability } from "./useClaimAvailability.ts";
import { claimAvailabilityText } from "./claimAvailabilityText.ts";
import { useTaskPageKeys } from "./useTaskPageKeys.ts";
import { useAnnotatorActions } from "../labeling/useAnnotatorActions.ts";
import { useLabelingStore, sessionKey, isComplete, labeledCount } from "../labeling/useLabelingStore.ts";
import { ManifestErrorAlert } from "./ManifestErrorAlert.tsx";
import { WorkReadError } from "./ChainReadError.tsx";
import { useRevealStore, revealFor, revealKey } from "../labeling/useRevealStore.ts";
import { commitPendingStatus, describeStatus } from "../../lib/batchStatus.ts";
import type { MyBatch } from "../../lib/chainWork.ts";
import type { TaskView } from "../../lib/chainTasks.ts";
import { Alert } from "../../ui/Alert.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { Markdown } from "../../ui/Markdown.tsx";
import { Progress } from "../../ui/Progress.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { Stat } from "../../ui/Stat.tsx";
import { batchesText, formatAmount, formatDuration, formatPercent, countText } from "../../ui/format.ts";
import { RequireWallet } from "../wallet/RequireWallet.tsx";
import { useOneAtATime } from "../../ui/useOneAtATime.ts";
import { TaskStateBadge } from "./TaskStateBadge.tsx";
import { parseRouteId, taskNotReady } from "./taskRoute.tsx";
import { useCommitPending } from "../labeling/useCommitPending.ts";

export function TaskPage() {
  const { taskId: raw } = useParams();
  const taskId = parseRouteId(raw);
  const task = useTask(taskId);
  const manifest = useManifest(task.data?.manifestCid || undefined, task.data);
  const summary = useTaskIndexerSummary(taskId, task.data?.batchesDone);
  const token = useTokenMeta(task.data?.token);
  const notReady = taskNotReady(raw, task, 220);
  if (notReady || taskId === undefined || !task.data) return notReady;
  const t = task.data;
  const hasBond = t.bondPerClaim > 0n;
  const resolved = summary.data?.itemsResolved;
  return (
    <main>
      <div className="page-head">
        <div>
          <div className="row small muted" style={{ gap: "0.5rem" }}>
            <Link to="/">Tasks</Link> <span aria-hidden="true">/</span> <span>#{t.id.toString()}</span>
          </div>
          <h1 data-testid="task-title">{manifest.data?.title ?? `Task #${t.id}`}</h1>
          {manifest.data?.description ? <p>{manifest.data.description}</p> : null}
        </div>
        <div className="row">
          <TaskStateBadge task={t} showTimeLeft />
        </div>
      </div>
      {manifest.error ? (
        <div style={{ marginBottom: "1rem" }}>
          <ManifestErrorAlert error={manifest.error} onRetry={manifest.retry} />
        </div>
      ) : null}
      <div className="grid stats" style={{ marginBottom: "1rem" }}>
        <Stat label="Reward per agreeing label" value={`${formatAmount(t.rewardPerLabel, token.decimals)} ${token.symbol}`} sub="read from chain" />
        <Stat label="Bond per batch" value={hasBond ? `${formatAmount(t.bondPerClaim, token.decimals)} ${token.symbol}` : "none"} sub={hasBond ? "returned on reveal" : "claims need no deposit"} />
        <Stat label="Batches" value={`${t.batchesDone}/${t.batchCount}`} sub={`${countText(t.batchSize, "image")} each`} />
        <Stat label="Labels per image" value={`${t.redundancy}${t.maxRedundancy > t.redundancy ? `–${t.maxRedundancy}` : ""}`} sub={`consensus at ${t.minAgreement} vote${t.minAgreement === 1 ? "" : "s"}`} />
        <Stat label="Time to commit" value={formatDuration(t.claimTtl)} sub={`reveal window ${formatDuration(t.revealWindow)}`} />
        {resolved !== undefined ? (
          <Stat
            label="Images resolved"
            value={`${resolved}/${t.itemCount}`}
            sub={summary.data && isBehindChain(summary.data, t.batchesDone) ? `indexer ${batchesText(t.batchesDone - summary.data.batchesDone)} behind the chain…` : formatPercent(resolved / Math.max(1, t.itemCount))}
          />
        ) : null}
      </div>
      <div className="grid two" style={{ alignItems: "start" }}>
        <div className="stack lg">
          <RequireWallet why="Connect to claim batches of this task and start labeling.">
            <WorkPanel task={t} manifest={manifest.data} tokenSymbol={token.symbol} tokenDecimals={token.decimals} />
          </RequireWallet>
        </div>
        <div className="stack lg">
          {manifest.data ? (
            <TaskGuide manifest={manifest.data} />
          ) : manifest.error ? (
            <section className="card" aria-labelledby="guide">
              <h2 id="guide">Instructions</h2>
              <p className="muted small" data-testid="guide-unavailable">The instructions and classes come from the manifest, which did not load (see above).</p>
            </section>
          ) : (
            <Skeleton height={200} />
          )}
        </div>
      </div>
    </main>
  );
}

function TaskGuide({ manifest }: { manifest: TaskManifest }) {
  return (
    <section className="card" aria-labelledby="guide">
      <h2 id="guide">Instructions</h2>
      <Markdown source={manifest.instructions || "_No instructions given._"} testId="task-instructions" />
      <h3 style={{ marginTop: "1rem" }}>Classes</h3>
      <div className="row" style={{ gap: "0.4rem" }}>
        {manifest.classes.map((c) => (
          <span key={c.id} className="badge" style={{ gap: "0.4rem" }}>
            <span style={{ width: 8, height: 8, borderRadius: 2, background: c.colour, display: "inline-block" }} aria-hidden="true" />
            {c.name} <kbd>{c.hotkey}</kbd>
          </span>
        ))}
      </div>
    </section>
  );
}

function WorkPanel({ task, manifest, tokenSymbol, tokenDecimals }: { task: TaskView; manifest: TaskManifest | undefined; tokenSymbol: string; tokenDecimals: number | undefined }) {
  const { address, chainId } = useAccount();
  const config = getConfig();
  const wrongNetwork = chainId !== undefined && chainId !== config.chainId;
  const hasBond = task.bondPerClaim > 0n;
  const work = useMyWork(task);
  const actions = useAnnotatorActions();
  const [requested, setCount] = useState(1);
  const oneAtATime = useOneAtATime();
  const busy = oneAtATime.running !== null;
  const sessions = useLabelingStore((s) => s.sessions);
  const records = useRevealStore((s) => s.records);
  const eligible = useReadContract({
    address: config.crowdlabel,
    abi: crowdlabelAbi,
    functionName: "isEligible",
    args: address ? [task.id, address] : undefined,
    query: { enabled: !!address },
  });
  const { data: block } = useBlock({ watch: true });
  const now = block ? Number(block.timestamp) : Date.now() / 1000;

  const batches = work.data?.batches ?? [];
  const request = work.data?.request;
  const requestState = claimRequestState(request, task, block ? { number: block.number, timestamp: Number(block.timestamp) } : undefined);
  const lastLapse = useLapsedClaim(task, request);
  const token = { symbol: tokenSymbol, decimals: tokenDecimals, name: tokenSymbol };
  const keyOf = (b: MyBatch) => sessionKey({ deploymentId: config.deploymentId, taskId: task.id, batchId: b.batchId, annotator: address ?? "" });
  const toLabel = batches.filter((b) => b.status === "label");
  const commitSent = useCommitPending();
  const readyToCommit = toLabel.filter((b) => isComplete(sessions[keyOf(b)]) && !commitSent.has(keyOf(b)));
  const commitsPending = toLabel.filter((b) => commitSent.has(keyOf(b))).length;
  const toReveal = batches.filter((b) => b.status === "reveal-open");
  const savedReveals = toReveal.map((b) => {
    const record = records[revealKey({ deploymentId: config.deploymentId, taskId: task.id.toString(), batchId: b.batchId, annotator: address ?? "" })];
    return { batch: b, record: record && revealFor(record, b.slotHash), saved: !!record };
  });
  const revealable = savedReveals.filter((r) => r.record !== undefined);
  const finalisable = batches.filter((b) => b.status === "finalisable");
  const outstanding = request && request.outstanding > 0 && now < Number(request.outstandingExpiry);
  // The contract gives every claim its whole time to commit, so claims stop that long before the deadline.
  const claimsAreOver = !task.closed && claimsOver(task, now);
  const allDone = task.batchesDone >= task.batchCount;
  const claimsOpen = !task.closed && !allDone;
  const availability = useClaimAvailability(task, claimsOpen && !claimsAreOver && !!manifest && eligible.data !== false);
  const claimable = availability.data?.claimableBatches;
  // Without the manifest nobody can label a batch, so claiming one would only put the bond at risk.
  const claimDisabled = !claimsOpen || !manifest || claimsAreOver || eligible.data === false || (request?.count ?? 0) > 0 || !!outstanding || claimable === 0;
  const maxClaim = Math.max(1, Math.min(MAX_CLAIM, task.batchCount - task.batchesDone, claimable || MAX_CLAIM));
  const availabilityText = availability.data ? claimAvailabilityText(availability.data, now, task.claimTtl) : undefined;
  // Batches finish while the page is open: never offer more than are left.
  const count = Math.min(requested, maxClaim);

  const wrap = (fn: () => Promise<unknown>) =>
    oneAtATime.run(true, async () => {
      try {
        await fn();
      } finally {
        void work.refetch();
        void availability.refetch();
      }
    });

  const commitReady = () =>
    wrap(() =>
      actions.commit(
        readyToCommit.map((b) => ({
          taskId: task.id,
          batchId: b.batchId,
          slot: b.slotIndex,
          labels: sessions[keyOf(b)]!.labels.map((l) => l ?? task.classCount),
          classCount: task.classCount,
        })),
      ),
    );
  const revealAll = () =>
    wrap(() => {
      return actions.reveal(revealable.map((r) => r.record!));
    });

  const firstToLabel = nextBatchToLabel(batches, (b) => isComplete(sessions[keyOf(b)]) || commitSent.has(keyOf(b)));
  const navigate = useNavigate();
  const startLabeling = useRef<HTMLAnchorElement>(null);
  // After a claim, the next step is labeling: its link takes the focus, so Enter starts.
  const [focusStart, setFocusStart] = useState(false);
  useEffect(() => {
    if (!focusStart || !firstToLabel) return;
    startLabeling.current?.focus();
    setFocusStart(false);
  }, [focusStart, firstToLabel]);
  const claimBatches = () =>
    wrap(async () => {
      if ((await actions.claim(task, count, token)).ok) setFocusStart(true);
    });
  useTaskPageKeys([
    { key: "c", label: "Claim batches (as many as the Batches field says)", run: !claimDisabled && !busy ? claimBatches : undefined },
    { key: "s", label: "Start labeling your next batch", run: firstToLabel ? () => navigate(`/tasks/${task.id}/label/${firstToLabel.batchId}`) : undefined },
    { key: "m", label: "Commit your finished batches", run: readyToCommit.length > 0 && !busy ? commitReady : undefined },
    { key: "r", label: "Reveal all pending", run: revealable.length > 0 && !busy ? revealAll : undefined },
  ]);

  return (
    <section className="card" aria-labelledby="your-work" data-testid="work-panel">
      <h2 id="your-work">Your work</h2>
      {eligible.data === false ? (
        <Alert tone="warn" title="You do not meet this task's reputation gate yet">
          It needs ≥{task.minLabelsRevealed} revealed labels{task.minAgreementBps ? ` and ≥${task.minAgreementBps / 100}% agreement` : ""} on chain. Label ungated tasks first.
        </Alert>
      ) : null}
      <ClaimRequestNotice state={requestState} lastLapse={lastLapse.data} token={token} busy={busy} onAssign={() => wrap(() => actions.assign(task, token))} />
      <div className="stack" style={{ marginTop: "0.75rem" }}>
        {!claimsOpen ? (
          <p className="small muted" data-testid={task.closed ? "task-closed-notice" : "all-batches-done"}>
            {task.closed ? "The owner closed this task: it takes no more claims or commits." : "Every batch of this task is done: there is nothing left to claim."}
          </p>
        ) : (
          <div className="row">
            <label className="row small" htmlFor="claim-count" style={{ gap: "0.4rem" }}>
              Batches
              <input
                id="claim-count"
                type="number"
                min={1}
                max={maxClaim}
                value={count}
                onChange={(e) => setCount(Math.max(1, Math.min(maxClaim, Number(e.target.value) || 1)))}
                style={{ width: "4.5rem" }}
                data-testid="claim-count"
              />
            </label>
            <button type="button" className="btn primary" disabled={claimDisabled || busy} onClick={claimBatches} data-testid="claim-button" aria-keyshortcuts="c">
              Claim {batchesText(count)} <kbd aria-hidden>c</kbd>
            </button>
            <span className="small muted">
              {countText(count * task.batchSize, "image")} · {hasBond ? `bond ${formatAmount(task.bondPerClaim * BigInt(count), tokenDecimals)} ${tokenSymbol}` : "no bond"}
            </span>
          </div>
        )}
        {availabilityText && claimsOpen && !claimsAreOver ? (
          claimable === 0 ? (
            <Alert tone="info" testId="nothing-to-claim" title="No batch has a free slot for you now">
              A claim would draw nothing. Of this task&apos;s {batchesText(task.batchCount)}:
              <ul className="small" style={{ margin: "0.3rem 0" }}>
                {availabilityText.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              {availabilityText.next ? `${availabilityText.next}. ` : ""}This updates by itself.
            </Alert>
          ) : (
            <p className="small muted" data-testid="claim-availability">
              {availabilityText.headline} The draw is random among them.
            </p>
          )
        ) : null}
        {wrongNetwork && claimsOpen ? (
          <p className="small warn-text" data-testid="claim-wrong-network">
            Your wallet is on chain {chainId}: switch to chain {config.chainId} (banner above) before claiming; nothing is sent until then.
          </p>
        ) : null}
        {!manifest && claimsOpen ? <p className="small muted">Claiming opens once the task&apos;s manifest has loaded: without it the batch could not be labeled.</p> : null}
        {outstanding && claimsOpen ? <p className="small muted">Commit the batches you hold before claiming more.</p> : null}
        {claimsAreOver && claimsOpen ? (
          <p className="small muted" data-testid="claims-over">
            This task takes no new claims: its deadline is less than one claim's time to commit ({formatDuration(task.claimTtl)}) away.
          </p>
        ) : null}
        {firstToLabel ? (
          <Link ref={startLabeling} className="btn primary lg" to={`/tasks/${task.id}/label/${firstToLabel.batchId}`} data-testid="start-labeling" aria-keyshortcuts="s">
            Start labeling batch {firstToLabel.batchId} → <kbd aria-hidden>s</kbd>
          </Link>
        ) : null}
        <div className="row">
          {readyToCommit.length > 0 ? (
            <button type="button" className="btn primary" disabled={busy} onClick={commitReady} data-testid="commit-ready" aria-keyshortcuts="m">
              Commit {countText(readyToCommit.length, "finished batch", "finished batches")} <kbd aria-hidden>m</kbd>
            </button>
          ) : null}
          {commitsPending > 0 ? (
            <span className="small muted" data-testid="commits-pending">
              {countText(commitsPending, "commit", "commits")} sent, waiting for confirmation (see the activity log).
            </span>
          ) : null}
          {revealable.length > 0 ? (
            <button type="button" className="btn primary" disabled={busy} onClick={revealAll} data-testid="reveal-all" aria-keyshortcuts="r">
              Reveal all pending ({revealable.length}) <kbd aria-hidden>r</kbd>
            </button>
          ) : null}
          {finalisable.length > 0 ? (
            <button
              type="button"
              className="btn"
              disabled={busy}
              onClick={() => wrap(() => actions.finalise(task.id, finalisable.map((b) => b.batchId), task.createdBlock))}
              data-testid={finalisable.length === 1 ? `finalise-${finalisable[0]!.batchId}` : "finalise-all"}
            >
              {finalisable.length === 1 ? `Finalise batch ${finalisable[0]!.batchId}` : `Finalise ${finalisable.length} batches`}
            </button>
          ) : null}
        </div>
        {toReveal.length > revealable.length ? (
          <Alert tone="warn" title="Some reveals need labels saved on another device">
            {savedReveals.some((r) => r.saved && !r.record)
              ? `The labels saved in this browser for batch ${savedReveals
                  .filter((r) => r.saved && !r.record)
                  .map((r) => r.batch.batchId)
                  .join(", ")} do not hash to your commitment on chain. `
              : null}
            Import your reveal backup on the Profile page, or reveal from the browser you labelled in.
          </Alert>
        ) : null}
        {work.isLoading ? <Skeleton height={80} /> : null}
        {batches.length > 0 ? (
          <div className="table-wrap">
            <table data-testid="my-batches">
              <thead>
                <tr>
                  <th>Batch</th>
                  <th>Status</th>
                  <th>Progress</th>
                  <th className="right">Deadline</th>
                </tr>
              </thead>
              <tbody>
                {[...batches].reverse().map((b) => {
                  const s = commitSent.has(keyOf(b)) ? commitPendingStatus : describeStatus(b.status, hasBond);
                  const session = sessions[keyOf(b)];
                  const deadline =
                    b.status === "label" ? b.expiresAt : b.status === "reveal-open" ? b.revealOpensAt + task.revealWindow : undefined;
                  return (
                    <tr key={b.batchId} data-testid={`batch-row-${b.batchId}`} data-status={b.status}>
                      <td>
                        {b.status === "label" ? <Link to={`/tasks/${task.id}/label/${b.batchId}`}>#{b.batchId}</Link> : `#${b.batchId}`}
                        {b.round > 0 ? <span className="faint tiny"> r{b.round}</span> : null}
                      </td>
                      <td>
                        <Badge tone={s.tone} title={s.help}>
                          {s.label}
                        </Badge>
                      </td>
                      <td style={{ minWidth: 100 }}>
                        {b.status === "label" ? (
                          <Progress value={labeledCount(session)} max={b.itemCount} label={`Batch ${b.batchId} labeled`} />
                        ) : s.tone === "danger" ? (
                          <span className="small" data-testid={`batch-why-${b.batchId}`}>
                            {s.help}
                          </span>
                        ) : (
                          <span className="small muted">{countText(b.itemCount, "item")}</span>
                        )}
                      </td>
                      <td className="right small muted nowrap">{deadline ? formatDuration(deadline - now) : "–"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : work.error ? (
          <WorkReadError error={work.error} onRetry={() => void work.refetch()} />
        ) : !work.isLoading ? (
          <p className="muted small">
            You hold no batches in this task yet.{claimsOpen && !claimDisabled ? ` Claim one to start: each batch is ${countText(task.batchSize, "image")}.` : ""}
          </p>
        ) : null}
        {manifest ? null : <p className="small muted">Waiting for the manifest…</p>}
      </div>
    </section>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useAccount, useBlock } from "wagmi";
import { batchItems, type TaskManifest } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { useManifest, useTask } from "../tasks/queries.ts";
import { useMyWork } from "./useMyWork.ts";
import { nextBatchToLabel } from "./nextBatchToLabel.ts";
import { useAnnotatorActions } from "./useAnnotatorActions.ts";
import { isComplete, labeledCount, LABELING_STORE, sessionKey, useLabelingStore, type LabelingSession } from "./useLabelingStore.ts";
import { useUnsavedWrites } from "../../lib/localWrites.ts";
import { actionForKey, cannotLabelKey } from "./hotkeys.ts";
import { ImageStage, clampScale, initialView, type View } from "./ImageStage.tsx";
import { InstructionsDialog } from "./InstructionsDialog.tsx";
import { prefetchImages, useVerifiedImage } from "./useVerifiedImage.ts";
import { commitPendingStatus, describeStatus } from "../../lib/batchStatus.ts";
import type { MyBatch } from "../../lib/chainWork.ts";
import type { TaskView } from "../../lib/chainTasks.ts";
import { Alert } from "../../ui/Alert.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { Progress } from "../../ui/Progress.tsx";
import { followScrollLeft } from "../../ui/followScroll.ts";
import { Skeleton } from "../../ui/Spinner.tsx";
import { formatDuration } from "../../ui/format.ts";
import { useSettingsStore } from "../../ui/useSettingsStore.ts";
import { TaskReadError, WorkReadError } from "../tasks/ChainReadError.tsx";
import { ManifestErrorAlert } from "../tasks/ManifestErrorAlert.tsx";
import { isActivatableTarget, isTypingTarget, useShortcutStore } from "../../ui/useShortcutStore.ts";
import { RequireWallet } from "../wallet/RequireWallet.tsx";
import { BadRouteId, parseRouteId } from "../tasks/taskRoute.tsx";
import { useCommitPending } from "./useCommitPending.ts";

export function LabelingPage() {
  const { taskId: rawTask, batchId: rawBatch } = useParams();
  const taskId = parseRouteId(rawTask);
  const parsedBatch = parseRouteId(rawBatch);
  const batchId = parsedBatch !== undefined && parsedBatch <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(parsedBatch) : undefined;
  const task = useTask(taskId);
  const manifest = useManifest(task.data?.manifestCid || undefined, task.data);
  if (taskId === undefined || batchId === undefined)
    return (
      <main>
        <BadRouteId what={taskId === undefined ? "task" : "batch"} raw={taskId === undefined ? rawTask : rawBatch} />
      </main>
    );
  return (
    <main className="wide">
      <RequireWallet why="Connect the account that holds this batch to label it.">
        {task.error ? (
          <TaskReadError taskId={taskId} error={task.error} onRetry={() => void task.refetch()} />
        ) : task.data && manifest.data ? (
          <Workspace task={task.data} manifest={manifest.data} batchId={batchId} />
        ) : manifest.error ? (
          <ManifestErrorAlert error={manifest.error} onRetry={manifest.retry} />
        ) : (
          <Skeleton height={480} />
        )}
      </RequireWallet>
    </main>
  );
}

function Workspace({ task, manifest, batchId }: { task: TaskView; manifest: TaskManifest; batchId: number }) {
  const { address } = useAccount();
  const config = getConfig();
  const work = useMyWork(task);
  const batch = work.data?.batches.find((b) => b.batchId === batchId);
  const range = batchItems(task, batchId);
  const items = useMemo(() => manifest.items.slice(range.start, range.end), [manifest, range.start, range.end]);
  const key = sessionKey({ deploymentId: config.deploymentId, taskId: task.id, batchId, annotator: address ?? "" });
  const open = useLabelingStore((s) => s.open);
  const session = useLabelingStore((s) => s.sessions[key]);
  const sessions = useLabelingStore((s) => s.sessions);
  const keyOf = (b: MyBatch) => sessionKey({ deploymentId: config.deploymentId, taskId: task.id, batchId: b.batchId, annotator: address ?? "" });
  const commitSent = useCommitPending();
  const nextBatch = nextBatchToLabel(work.data?.batches ?? [], (b) => isComplete(sessions[keyOf(b)]) || commitSent.has(keyOf(b)), batchId);
  useEffect(() => {
    if (items.length > 0) open(key, items.length);
  }, [key, items.length, open]);

  if (work.isLoading) return <Skeleton height={480} />;
  if (work.error && !work.data) return <WorkReadError error={work.error} onRetry={() => void work.refetch()} />;
  if (!batch)
    return (
      <Alert tone="warn" title={`You hold no slot in batch ${batchId} of this task`} action={<Link className="btn sm" to={`/tasks/${task.id}`}>Back to the task</Link>}>
        Claim batches from the task page; they are assigned at random.
      </Alert>
    );
  if (!session) return <Skeleton height={480} />;
  return <LabelingSurface task={task} manifest={manifest} batch={batch} items={items} sessionKeyValue={key} session={session} nextBatch={nextBatch} />;
}

function LabelingSurface({
  task,
  manifest,
  batch,
  items,
  sessionKeyValue: key,
  session,
  nextBatch,
}: {
  task: TaskView;
  manifest: TaskManifest;
  batch: MyBatch;
  items: TaskManifest["items"];
  sessionKeyValue: string;
  session: LabelingSession;
  /** The next batch the annotator holds that still needs labels: the workspace moves there after committing this one. */
  nextBatch: MyBatch | undefined;
}) {
  const navigate = useNavigate();
  const label = useLabelingStore((s) => s.label);
  const undo = useLabelingStore((s) => s.undo);
  const labelsUnsaved = useUnsavedWrites((s) => LABELING_STORE in s.unsaved);
  const skip = useLabelingStore((s) => s.skip);
  const goTo = useLabelingStore((s) => s.goTo);
  const move = useLabelingStore((s) => s.move);
  const autoAdvance = useSettingsStore((s) => s.autoAdvance);
  const setAutoAdvance = useSettingsStore((s) => s.setAutoAdvance);
  const prefetchCount = useSettingsStore((s) => s.prefetch);
  const setPage = useShortcutStore((s) => s.setPage);
  const actions = useAnnotatorActions();
  const [view, setView] = useState<View>(initialView);
  const [showInstructions, setShowInstructions] = useState(false);
  const [committing, setCommitting] = useState(false);
  const { data: block } = useBlock({ watch: true });
  const now = block ? Number(block.timestamp) : Date.now() / 1000;

  const cursor = Math.min(session.cursor, items.length - 1);
  const item = items[cursor];
  const image = useVerifiedImage(item?.cid, item?.mediaType ?? "image/png");
  const complete = isComplete(session);
  const done = labeledCount(session);
  // A commit still pending keeps the batch as sent: it reads "claimed" on chain until mined.
  const commitSent = useCommitPending().has(key);
  const editable = batch.status === "label" && !commitSent;
  const cannotKey = cannotLabelKey(manifest.classes);
  const pixelated = (item?.width ?? 999) <= 128;

  useEffect(() => setView(initialView), [cursor]);
  // A batch holds up to 256 images: the filmstrip keeps the current one and the next few in view.
  const filmstrip = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const strip = filmstrip.current;
    const current = strip?.children[cursor] as HTMLElement | undefined;
    if (!strip || !current) return;
    strip.scrollLeft = followScrollLeft({ scrollLeft: strip.scrollLeft, width: strip.clientWidth }, { left: current.offsetLeft, width: current.offsetWidth }, 3 * current.offsetWidth);
  }, [cursor]);
  useEffect(() => {
    const ahead: { cid: string; mediaType: string }[] = [];
    for (let i = 1; i <= prefetchCount; i++) {
      const next = items[(cursor + i) % items.length];
      if (next) ahead.push(next);
    }
    prefetchImages(ahead);
  }, [cursor, items, prefetchCount]);
  // Once this batch is fully labelled, the next one's first images load while the annotator commits.
  useEffect(() => {
    if (!complete || !nextBatch) return;
    const { start, end } = batchItems(task, nextBatch.batchId);
    prefetchImages(manifest.items.slice(start, Math.min(end, start + Math.max(1, prefetchCount))));
  }, [complete, nextBatch, task.itemCount, task.batchSize, manifest.items, prefetchCount]);

  const commit = useCallback(async () => {
    if (!complete || !editable || committing) return;
    setCommitting(true);
    try {
      const result = await actions.commit([
        { taskId: task.id, batchId: batch.batchId, slot: batch.slotIndex, labels: session.labels.map((l) => l ?? task.classCount), classCount: task.classCount },
      ]);
      if (result.ok) navigate(nextBatch ? `/tasks/${task.id}/label/${nextBatch.batchId}` : `/tasks/${task.id}`);
    } finally {
      setCommitting(false);
    }
  }, [complete, editable, committing, actions, task, batch.batchId, session.labels, navigate, nextBatch]);

  useEffect(() => {
    setPage({
      title: "Labeling workspace",
      ownsLetterKeys: true,
      shortcuts: [
        ...manifest.classes.map((c) => ({ keys: [c.hotkey], label: `Label as “${c.name}”` })),
        { keys: [cannotKey], label: "Cannot label (unclear / invalid image)" },
        { keys: ["Backspace"], label: "Undo (also Ctrl/⌘+Z)" },
        { keys: ["Space"], label: "Skip for now" },
        { keys: ["←", "→"], label: "Previous / next image" },
        { keys: ["+", "−"], label: "Zoom in / out (or mouse wheel; drag to pan)" },
        { keys: ["Shift", "R"], label: "Reset zoom" },
        { keys: ["Shift", "I"], label: "Instructions and examples" },
        { keys: ["Shift", "A"], label: "Toggle auto-advance" },
        { keys: ["Enter"], label: "Commit the batch (when every image is labeled)" },
      ],
    });
    return () => setPage(null);
  }, [manifest.classes, cannotKey, setPage]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || event.repeat) return;
      if ((event.key === "Enter" || event.key === " ") && isActivatableTarget(event.target)) return;
      if (useShortcutStore.getState().open || document.querySelector("[role='dialog']")) return;
      const action = actionForKey(event, manifest.classes);
      if (!action) return;
      event.preventDefault();
      switch (action.type) {
        case "label":
          if (editable) label(key, action.value, useSettingsStore.getState().autoAdvance);
          break;
        case "undo":
          if (editable) undo(key);
          break;
        case "skip":
          skip(key);
          break;
        case "move":
          move(key, action.delta);
          break;
        case "zoom":
          setView((v) => ({ ...v, scale: clampScale(v.scale * action.factor) }));
          break;
        case "zoom-reset":
          setView(initialView);
          break;
        case "instructions":
          setShowInstructions(true);
          break;
        case "toggle-auto-advance":
          setAutoAdvance(!useSettingsStore.getState().autoAdvance);
          break;
        case "commit":
          void commit();
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [manifest.classes, key, editable, label, undo, skip, move, setAutoAdvance, commit]);

  const current = session.labels[cursor] ?? null;
  const status = commitSent ? commitPendingStatus : describeStatus(batch.status, task.bondPerClaim > 0n);
  const classes = [...manifest.classes.map((c) => ({ id: c.id, name: c.name, hotkey: c.hotkey, colour: c.colour })), { id: manifest.classes.length, name: "Cannot label", hotkey: cannotKey, colour: "#8a8a96" }];

  return (
    // A mouse click leaves no focus on the workspace's buttons, so Enter and Space stay hotkeys
    // (commit, skip) after clicking; keyboard users still focus and press buttons with Tab.
    <div className="stack" data-testid="labeling-workspace" onMouseDown={keepFocusOffButtons}>
      <h1 className="sr-only">
        Label {manifest.title}, batch {batch.batchId}
      </h1>
      <p className="sr-only" role="status" data-testid="workspace-announcement">
        {`Image ${cursor + 1} of ${items.length}, ${current !== null ? `labeled ${classes[current]?.name}` : session.skipped.includes(cursor) ? "skipped" : "not labeled"}. ${done} of ${items.length} labeled.`}
      </p>
      <div className="row between">
        <div className="row small muted" style={{ gap: "0.5rem" }}>
          <Link to="/">Tasks</Link>
          <span aria-hidden="true">/</span>
          <Link to={`/tasks/${task.id}`}>{manifest.title}</Link>
          <span aria-hidden="true">/</span>
          <span>Batch {batch.batchId}</span>
        </div>
        <div className="row">
          <Badge tone={status.tone} title={status.help}>
            {status.label}
          </Badge>
          {batch.status === "label" ? <span className="small muted">Commit within {formatDuration(batch.expiresAt - now)}</span> : null}
        </div>
      </div>
      {commitSent ? (
        <Alert tone="info" title="Commit sent, waiting for confirmation" testId="commit-pending" action={<Link className="btn sm" to={`/tasks/${task.id}`}>Go to the task</Link>}>
          The activity log tracks it. If it fails or is dropped, this batch opens again for its commit, with your labels as they are.
        </Alert>
      ) : !editable ? (
        <Alert tone={batch.status === "reveal-open" ? "warn" : "info"} title={status.label} action={<Link className="btn sm" to={`/tasks/${task.id}`}>Go to the task</Link>}>
          {status.help}
        </Alert>
      ) : null}
      <div className="workspace">
        <div className="stack">
          <ImageStage
            image={image}
            alt={`Image ${cursor + 1} of ${items.length}${item?.filename ? ` (${item.filename})` : ""}`}
            view={view}
            onView={setView}
            pixelated={pixelated}
            overlay={
              <>
                <div className="stage-label">
                  <span className="badge" data-testid="item-position">
                    {cursor + 1} / {items.length}
                  </span>{" "}
                  {current !== null ? (
                    <span className="badge accent" data-testid="current-label">
                      {classes[current]?.name}
                    </span>
                  ) : session.skipped.includes(cursor) ? (
                    <span className="badge warn">skipped</span>
                  ) : null}
                </div>
                <div className="stage-overlay">
                  <button type="button" className="btn sm" aria-label="Zoom out" onClick={() => setView((v) => ({ ...v, scale: clampScale(v.scale * 0.8) }))}>
                    −
                  </button>
                  <button type="button" className="btn sm" aria-label={`Reset zoom, ${Math.round(view.scale * 100)}%`} onClick={() => setView(initialView)}>
                    {Math.round(view.scale * 100)}%
                  </button>
                  <button type="button" className="btn sm" aria-label="Zoom in" onClick={() => setView((v) => ({ ...v, scale: clampScale(v.scale * 1.25) }))}>
                    +
                  </button>
                </div>
              </>
            }
          />
          <div className="filmstrip" role="group" aria-label="Images in this batch" ref={filmstrip}>
            {items.map((it, i) => {
              const l = session.labels[i];
              const cls = [l !== null && l !== undefined ? "done" : session.skipped.includes(i) ? "skipped" : "", i === cursor ? "current" : ""].join(" ");
              return (
                <button
                  key={`${it.cid}-${i}`}
                  type="button"
                  className={cls}
                  onClick={() => goTo(key, i)}
                  aria-label={`Image ${i + 1}${l !== null && l !== undefined ? `, labeled ${classes[l]?.name}` : ", not labeled"}`}
                  aria-current={i === cursor}
                >
                  {l !== null && l !== undefined ? classes[l]?.hotkey : i + 1}
                </button>
              );
            })}
          </div>
        </div>
        <aside className="stack" aria-label="Labeling controls">
          <div className="card flat stack">
            <div className="row between small">
              <span>
                <strong data-testid="labeled-count">{done}</strong> / {items.length} labeled
              </span>
              <span className="muted">{session.skipped.length > 0 ? `${session.skipped.length} skipped` : ""}</span>
            </div>
            <Progress value={done} max={items.length} label="Batch progress" tone={complete ? "ok" : undefined} />
          </div>
          <div className="card flat">
            <div className="class-grid" role="group" aria-label="Classes">
              {classes.map((c) => (
                <button
                  key={c.id}
                  type="button"
                  className="class-btn"
                  aria-pressed={current === c.id}
                  disabled={!editable}
                  onClick={() => label(key, c.id, autoAdvance)}
                  data-testid={`class-${c.id}`}
                  style={c.id === manifest.classes.length ? { gridColumn: "1 / -1" } : undefined}
                >
                  <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />
                  <span className="name">{c.name}</span>
                  <kbd>{c.hotkey}</kbd>
                </button>
              ))}
            </div>
          </div>
          <div className="card flat stack">
            <div className="row" style={{ gap: "0.4rem" }}>
              <button type="button" className="btn sm" onClick={() => undo(key)} disabled={!editable || session.history.length === 0} data-testid="undo">
                Undo <kbd>⌫</kbd>
              </button>
              <button type="button" className="btn sm" onClick={() => skip(key)} data-testid="skip">
                Skip <kbd>␣</kbd>
              </button>
              <button type="button" className="btn sm" onClick={() => move(key, -1)} aria-label="Previous image">
                ←
              </button>
              <button type="button" className="btn sm" onClick={() => move(key, 1)} aria-label="Next image">
                →
              </button>
            </div>
            <label className="row small" style={{ gap: "0.4rem" }}>
              <input type="checkbox" checked={autoAdvance} onChange={(e) => setAutoAdvance(e.target.checked)} data-testid="auto-advance" />
              Auto-advance after labeling <kbd>⇧A</kbd>
            </label>
            <div className="row" style={{ gap: "0.4rem" }}>
              <button type="button" className="btn sm" onClick={() => setShowInstructions(true)} data-testid="open-instructions">
                Instructions <kbd>⇧I</kbd>
              </button>
              <button type="button" className="btn sm ghost" onClick={() => useShortcutStore.getState().setOpen(true)}>
                Shortcuts <kbd>?</kbd>
              </button>
            </div>
          </div>
          {editable ? (
            <div className="card flat stack">
              <button type="button" className="btn primary block lg" disabled={!complete || committing} onClick={() => void commit()} data-testid="commit-batch">
                {committing ? "Committing…" : complete ? "Commit batch" : `Label ${items.length - done} more to commit`} {complete ? <kbd>↵</kbd> : null}
              </button>
              {nextBatch ? (
                <p className="small" style={{ margin: 0 }} data-testid="next-batch">
                  Then batch {nextBatch.batchId}, the next one you hold.
                </p>
              ) : null}
              <p className="tiny muted" style={{ margin: 0 }}>
                {labelsUnsaved
                  ? "Your labels are in this tab only: the browser's storage is full (see the alert at the top)."
                  : "Your labels are saved in this browser as you go."}{" "}
                Committing records only a hash; you reveal once everyone has committed. You can also commit several finished batches at once from the task page.
              </p>
            </div>
          ) : null}
        </aside>
      </div>
      <InstructionsDialog manifest={manifest} open={showInstructions} onClose={() => setShowInstructions(false)} />
    </div>
  );
}

function keepFocusOffButtons(event: ReactMouseEvent<HTMLElement>): void {
  if (event.button === 0 && (event.target as HTMLElement).closest("button")) event.preventDefault();
}

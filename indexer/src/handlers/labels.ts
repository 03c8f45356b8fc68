import { ponder } from "ponder:registry";
import { annotatorTask, batch, claim, gold, slot, task } from "ponder:schema";
import { hexToBytes } from "viem";
import { indexerConfig } from "../config/loadIndexerConfig.ts";
import { scoreGold } from "../reputation/scoreGold.ts";
import { credit, ensureAnnotator, ensureAnnotatorTask, lower, newAnnotatorTask, peek, requireTask, updateAnnotator, upsertFlag } from "./store.ts";
import { goldMapOf } from "./tasks.ts";

/** Commits this fast (seconds per item) are "faster than humanly possible". */
const FAST_FLAG_MIN_COMMITS = 3;

ponder.on("Crowdlabel:LabelsCommitted", async ({ event, context }) => {
  const { taskId, slot: slotIndex, commitment } = event.args;
  const batchId = Number(event.args.batchId);
  const address = lower(event.args.annotator);
  const now = Number(event.block.timestamp);
  const t = await requireTask(context.db, taskId);
  const s = await context.db.find(slot, { taskId, batchId, slot: slotIndex });
  const b = await context.db.find(batch, { taskId, batchId });
  if (!s || !b) throw new Error(`LabelsCommitted for an unassigned slot ${taskId}/${batchId}/${slotIndex}`);
  await context.db.update(slot, { taskId, batchId, slot: slotIndex }).set({ state: "committed", committedAt: now, commitment });
  await context.db.update(claim, { id: s.claimId }).set({ status: "committed" });
  await context.db.update(batch, { taskId, batchId }).set({ committed: b.committed + 1 });

  const secondsPerItem = (now - s.assignedAt) / b.itemCount;
  const fast = secondsPerItem < indexerConfig().minSecondsPerItem;
  await ensureAnnotator(context.db, address, now);
  const at = await ensureAnnotatorTask(context.db, address, taskId, t.classCount);
  const fastCommits = at.fastCommits + (fast ? 1 : 0);
  const minSecondsPerItem = at.minSecondsPerItem === null ? secondsPerItem : Math.min(at.minSecondsPerItem, secondsPerItem);
  const slotsCommitted = at.slotsCommitted + 1;
  await context.db.update(annotatorTask, { address, taskId }).set({
    slotsCommitted,
    fastCommits,
    minSecondsPerItem,
  });
  if (fast && fastCommits >= FAST_FLAG_MIN_COMMITS && fastCommits * 2 >= slotsCommitted)
    await upsertFlag(context.db, {
      id: `${taskId}:too-fast:${address}`,
      taskId,
      kind: "too-fast",
      annotators: [address],
      severity: fastCommits === slotsCommitted ? "high" : "medium",
      message: `${fastCommits} of ${slotsCommitted} commits came less than ${indexerConfig().minSecondsPerItem}s per item after assignment`,
      details: { fastCommits, slotsCommitted, minSecondsPerItem },
      updatedAt: now,
    });
});

ponder.on("Crowdlabel:RevealOpened", async ({ event, context }) => {
  const t = await requireTask(context.db, event.args.taskId);
  await context.db
    .update(batch, { taskId: t.id, batchId: Number(event.args.batchId) })
    .set({ revealOpensAt: Number(event.args.revealDeadline) - t.revealWindow });
});

ponder.on("Crowdlabel:LabelsRevealed", async ({ event, context }) => {
  const { taskId, slot: slotIndex, labels } = event.args;
  const batchId = Number(event.args.batchId);
  const address = lower(event.args.annotator);
  const now = Number(event.block.timestamp);
  const t = await requireTask(context.db, taskId);
  const bytes = hexToBytes(labels);
  await context.db.update(slot, { taskId, batchId, slot: slotIndex }).set({
    state: "revealed",
    labels,
    revealedAt: now,
    revealTx: event.transaction.hash,
    revealBlock: event.block.number,
  });
  await context.db.update(batch, { taskId, batchId }).set((row) => ({ revealed: row.revealed + 1 }));
  await context.db.update(task, { id: taskId }).set((row) => ({ labelsRevealed: row.labelsRevealed + bytes.length }));
  await credit(context.db, { account: address, token: t.token, amount: t.bondPerClaim });

  // One upsert each for the annotator-in-task and annotator rows (the score is recomputed in the same write).
  let firstReveal = true;
  const countLabels = (previous: readonly number[]) => {
    const labelCounts = [...previous];
    for (const label of bytes) labelCounts[label] = (labelCounts[label] ?? 0) + 1;
    return labelCounts;
  };
  await context.db
    .insert(annotatorTask)
    .values({ ...newAnnotatorTask(address, taskId, t.classCount), labelsRevealed: bytes.length, labelCounts: countLabels(new Array<number>(t.classCount + 1).fill(0)) })
    .onConflictDoUpdate((row) => {
      firstReveal = row.labelsRevealed === 0;
      return { labelsRevealed: row.labelsRevealed + bytes.length, labelCounts: countLabels(peek(row).labelCounts) };
    });
  await updateAnnotator(
    context.db,
    address,
    now,
    (row) => ({ labelsRevealed: row.labelsRevealed + bytes.length, tasksWorked: row.tasksWorked + (firstReveal ? 1 : 0) }),
    { rescore: true },
  );
  if (t.goldRevealed) {
    const g = await context.db.find(gold, { taskId });
    if (g) await scoreGold(context.db, { taskId, batchSize: t.batchSize, gold: goldMapOf(g), vectors: [{ annotator: address, batchId, labels }] });
  }
});

import { batchItemCount } from "@crowdlabel/sdk";
import { ponder } from "ponder:registry";
import { batch, bondForfeit, claim, claimRequest, slot, task } from "ponder:schema";
import { and, eq } from "ponder";
import { credit, ensureAnnotator, forfeitExpiredClaim, lower, requireTask, updateAnnotator } from "./store.ts";

ponder.on("Crowdlabel:ClaimRequested", async ({ event, context }) => {
  await requireTask(context.db, event.args.taskId);
  const address = lower(event.args.annotator);
  await ensureAnnotator(context.db, address, Number(event.block.timestamp));
  await context.db.insert(claimRequest).values({
    id: event.id,
    taskId: event.args.taskId,
    annotator: address,
    count: event.args.count,
    seedBlock: event.args.seedBlock,
    bond: event.args.bond,
    requestedAt: Number(event.block.timestamp),
  });
});

ponder.on("Crowdlabel:ClaimUnfilled", async ({ event, context }) => {
  const t = await requireTask(context.db, event.args.taskId);
  await credit(context.db, { account: lower(event.args.annotator), token: t.token, amount: event.args.bondReturned });
});

ponder.on("Crowdlabel:SlotAssigned", async ({ event, context }) => {
  const { taskId, annotator: who, slot: slotIndex, round, expiresAt } = event.args;
  const batchId = Number(event.args.batchId);
  const now = Number(event.block.timestamp);
  const t = await requireTask(context.db, taskId);
  const commitDeadline = Math.min(now + t.commitWindow, t.deadline);
  const existing = await context.db.find(batch, { taskId, batchId });
  if (!existing) {
    const itemCount = batchItemCount(t, batchId);
    await context.db.insert(batch).values({
      taskId,
      batchId,
      itemCount,
      round: 0,
      roundStart: 0,
      roundEnd: t.redundancy,
      committed: 0,
      revealed: 0,
      commitDeadline,
      revealOpensAt: 0,
      done: false,
      resolvedMask: 0n,
      consensus: `0x${"00".repeat(itemCount)}`,
      finalisedTx: null,
      finalisedAt: null,
    });
    await context.db.update(task, { id: taskId }).set((row) => ({ batchesTouched: row.batchesTouched + 1 }));
  } else if (existing.commitDeadline === 0 || (existing.committed === 0 && now >= existing.commitDeadline)) {
    // As the contract: a round's clock starts at its first assignment, and restarts if nobody committed in time.
    await context.db.update(batch, { taskId, batchId }).set({ commitDeadline });
  }
  const address = lower(who);
  // A reassigned slot (after ClaimExpired) starts over with its new holder.
  const holder = {
    annotator: address,
    round,
    state: "claimed",
    claimId: event.id,
    expiresAt: Number(expiresAt),
    assignedAt: now,
    committedAt: null,
    commitment: null,
    revealedAt: null,
    labels: null,
    revealTx: null,
    revealBlock: null,
  };
  await context.db
    .insert(slot)
    .values({ taskId, batchId, slot: slotIndex, ...holder })
    .onConflictDoUpdate(holder);
  await context.db.insert(claim).values({
    id: event.id,
    taskId,
    batchId,
    slot: slotIndex,
    annotator: address,
    round,
    assignedAt: now,
    expiresAt: Number(expiresAt),
    status: "active",
    bondForfeited: null,
    tx: event.transaction.hash,
  });
});

ponder.on("Crowdlabel:ClaimExpired", async ({ event, context }) => {
  const { taskId, slot: slotIndex, bondForfeited } = event.args;
  const batchId = Number(event.args.batchId);
  const address = lower(event.args.annotator);
  const now = Number(event.block.timestamp);
  const current = await context.db.find(slot, { taskId, batchId, slot: slotIndex });
  await context.db.update(task, { id: taskId }).set((row) => ({ bondsForfeited: row.bondsForfeited + bondForfeited }));
  await forfeitExpiredClaim(context.db, { id: event.id, taskId, batchId, slot: slotIndex, annotator: address, claimId: current?.claimId, amount: bondForfeited, timestamp: now, active: true });
});

// A request assigned more than 256 blocks late: no slot, and its bond (one per requested slot) goes to the task.
ponder.on("Crowdlabel:ClaimLapsed", async ({ event, context }) => {
  const { taskId, count, seedBlock, bondForfeited } = event.args;
  const address = lower(event.args.annotator);
  const now = Number(event.block.timestamp);
  await requireTask(context.db, taskId);
  // At most one request per task and annotator waits at a time, and its seed block identifies it. Lapses are
  // rare, so the raw-SQL update (which flushes Ponder's cache) costs nothing worth a lookup table.
  await context.db.sql
    .update(claimRequest)
    .set({ lapsedAt: now, bondForfeited })
    .where(and(eq(claimRequest.taskId, taskId), eq(claimRequest.annotator, address), eq(claimRequest.seedBlock, seedBlock)));
  await context.db.update(task, { id: taskId }).set((row) => ({ bondsForfeited: row.bondsForfeited + bondForfeited }));
  await context.db.insert(bondForfeit).values({ id: event.id, taskId, batchId: null, annotator: address, slot: null, amount: bondForfeited, reason: "lapsed", timestamp: now });
  await updateAnnotator(context.db, address, now, (row) => ({ bondsForfeited: row.bondsForfeited + count }), { rescore: false });
});

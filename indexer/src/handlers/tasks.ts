import { batchCount } from "@crowdlabel/sdk";
import { ponder } from "ponder:registry";
import { dataset, dsPool, gold, slot, task } from "ponder:schema";
import { and, eq, isNotNull } from "ponder";
import { hexToBytes, type Hex } from "viem";
import { resolveManifest } from "../ipfs/manifestStore.ts";
import { scoreGold } from "../reputation/scoreGold.ts";
import { maybeRunDawidSkene } from "../reputation/maybeRunDawidSkene.ts";
import { dsPoolKey } from "../reputation/poolDawidSkene.ts";
import { credit, forfeitExpiredClaim, lower, requireTask, type Db } from "./store.ts";

ponder.on("Crowdlabel:TaskCreated", async ({ event, context }) => {
  const p = event.args.params;
  const itemCount = Number(p.itemCount);
  const K = p.classCount + 1;
  const resolution = await resolveManifest(p.manifestCid, { itemCount, batchSize: p.batchSize, classCount: p.classCount });
  const owner = lower(event.args.owner);
  const poolKey = dsPoolKey(owner, p.classCount);
  const classes = resolution.manifest?.classes.map((c) => c.name) ?? null;
  await context.db
    .insert(dsPool)
    .values({ key: poolKey, owner, classCount: p.classCount, classes, tasks: 1, finalisations: 0, dsFinalisations: 0 })
    .onConflictDoUpdate((row) => ({ tasks: row.tasks + 1, classes: row.classes ?? classes }));
  await context.db.insert(task).values({
    id: event.args.taskId,
    owner,
    token: lower(event.args.token),
    manifestCid: p.manifestCid,
    itemCount,
    batchSize: p.batchSize,
    batchCount: batchCount({ itemCount, batchSize: p.batchSize }),
    classCount: p.classCount,
    redundancy: p.redundancy,
    maxRedundancy: p.maxRedundancy,
    minAgreement: p.minAgreement,
    rewardPerLabel: p.rewardPerLabel,
    bondPerClaim: p.bondPerClaim,
    claimTtl: p.claimTtl,
    commitWindow: p.commitWindow,
    revealWindow: p.revealWindow,
    deadline: Number(p.deadline),
    minLabelsRevealed: p.minLabelsRevealed,
    minAgreementBps: p.minAgreementBps,
    goldCommitment: p.goldCommitment,
    goldRevealed: false,
    funded: event.args.budget,
    paid: 0n,
    bondsForfeited: 0n,
    refund: null,
    closed: false,
    closedAt: null,
    datasetCid: null,
    title: resolution.manifest?.title ?? null,
    manifest: resolution.manifest,
    manifestError: resolution.error,
    itemsResolved: 0,
    itemsUnresolvedFinal: 0,
    labelsRevealed: 0,
    batchesDone: 0,
    batchesTouched: 0,
    finalisations: 0,
    dsFinalisations: 0,
    dsPool: poolKey,
    // A square matrix of classCount + 1 values; above 64 values it would outweigh the row, so it is left empty.
    confusion: K <= 64 ? Array.from({ length: K }, () => new Array<number>(K).fill(0)) : [],
    createdAt: Number(event.block.timestamp),
    createdBlock: event.block.number,
    createdTx: event.transaction.hash,
  });
});

ponder.on("Crowdlabel:TaskClosed", async ({ event, context }) => {
  const t = await requireTask(context.db, event.args.taskId);
  const { refund, paid, funded } = event.args;
  await context.db.update(task, { id: t.id }).set({
    closed: true,
    closedAt: Number(event.block.timestamp),
    refund,
    paid,
    // The refund is the unearned budget plus every forfeited bond, including bonds of claims that expired unnoticed.
    bondsForfeited: refund - (funded - paid),
  });
  await credit(context.db, { account: t.owner, token: t.token, amount: refund });
  await forfeitClaimsHeldAtClose(context.db, t, { id: event.id, timestamp: Number(event.block.timestamp) });
  await maybeRunDawidSkene(context.db, t.id, true);
});

/**
 * `closeTask` forfeits the bonds still held in one sum: naming each holder would take an unbounded loop on chain.
 * Those bonds belong to claims that expired uncommitted in batches nobody finalised (a close needs every batch
 * with commits finalised), which are exactly the slots still `claimed` here, so the indexer names the holders:
 * each gets the forfeit on its record, as an expiry named on chain would. Their last activity stays as it was.
 */
async function forfeitClaimsHeldAtClose(db: Db, t: { id: bigint; bondPerClaim: bigint }, event: { id: string; timestamp: number }) {
  const held = await db.sql
    .select({ batchId: slot.batchId, slot: slot.slot, annotator: slot.annotator, claimId: slot.claimId })
    .from(slot)
    .where(and(eq(slot.taskId, t.id), eq(slot.state, "claimed")));
  for (const s of held) {
    const id = `${event.id}:${s.batchId}:${s.slot}`;
    await forfeitExpiredClaim(db, { id, taskId: t.id, ...s, amount: t.bondPerClaim, timestamp: event.timestamp, active: false });
  }
}

ponder.on("Crowdlabel:GoldRevealed", async ({ event, context }) => {
  const t = await requireTask(context.db, event.args.taskId);
  const items = event.args.items.map(Number);
  await context.db.insert(gold).values({
    taskId: t.id,
    items,
    labels: event.args.labels,
    timestamp: Number(event.block.timestamp),
    tx: event.transaction.hash,
  });
  await context.db.update(task, { id: t.id }).set({ goldRevealed: true });
  const revealed = await context.db.sql
    .select({ annotator: slot.annotator, batchId: slot.batchId, labels: slot.labels })
    .from(slot)
    .where(and(eq(slot.taskId, t.id), isNotNull(slot.labels)));
  const labels = hexToBytes(event.args.labels);
  const goldMap = new Map(items.map((item, n) => [item, labels[n]!]));
  await scoreGold(context.db, {
    taskId: t.id,
    batchSize: t.batchSize,
    gold: goldMap,
    vectors: revealed.map((r) => ({ annotator: r.annotator, batchId: r.batchId, labels: r.labels as Hex })),
  });
});

ponder.on("Crowdlabel:DatasetPublished", async ({ event, context }) => {
  await requireTask(context.db, event.args.taskId);
  await context.db.insert(dataset).values({
    id: event.id,
    taskId: event.args.taskId,
    datasetCid: event.args.datasetCid,
    timestamp: Number(event.block.timestamp),
    tx: event.transaction.hash,
  });
  await context.db.update(task, { id: event.args.taskId }).set({ datasetCid: event.args.datasetCid });
});

/** Gold labels of a task as a map item -> label (used when later reveals arrive). */
export function goldMapOf(row: { items: number[]; labels: Hex }): Map<number, number> {
  const labels = hexToBytes(row.labels);
  return new Map(row.items.map((item, n) => [item, labels[n]!]));
}


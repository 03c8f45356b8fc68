import { Hono } from "hono";
import type { Hex } from "viem";
import { and, asc, desc, eq, gt, lt, lte, or } from "ponder";
import { db } from "ponder:api";
import { annotator, annotatorPool, annotatorTask, balance, batch, dsPool, flag, slot, task } from "ponder:schema";
import { sql } from "ponder";
import { chainNow } from "../../health/chainMonitor.ts";
import { CONFIDENCE_LABELS, reputationScore, SCORE_WEIGHTS } from "../../reputation/reputationScore.ts";
import { revealOpensAt } from "../batchPhase.ts";
import { isRankCursor, isSlotCursor, isTaskIdCursor } from "../cursors.ts";
import { decodeCursor, encodeCursor, parseAddress, parseEnum, parseLimit } from "../params.ts";
import { manifestStatus } from "../manifestOverlay.ts";

export const annotatorRoutes = new Hono();
export const leaderboardRoutes = new Hono();

type AnnotatorRow = typeof annotator.$inferSelect;

function reputation(row: AnnotatorRow | undefined) {
  const inputs = row ?? { labelsRevealed: 0, labelsScored: 0, labelsAgreed: 0, ppSame: 0, ppDiff: 0, ppCount: 0, goldTotal: 0, goldCorrect: 0, dsSkillWeighted: 0, dsLabels: 0 };
  const { score, breakdown } = reputationScore(inputs);
  return {
    score,
    breakdown: {
      ...breakdown,
      labelsRevealed: inputs.labelsRevealed,
      labelsScored: inputs.labelsScored,
      labelsAgreed: inputs.labelsAgreed,
      goldLabels: inputs.goldTotal,
      goldCorrect: inputs.goldCorrect,
      peerPredictionPairs: inputs.ppCount,
    },
  };
}

const SLOT_STATUSES = ["claimed", "expired", "committed", "revealed", "all"] as const;
type SlotStatus = (typeof SLOT_STATUSES)[number];

/**
 * Slots with the times the workspace needs to label or reveal them. A claim past its expiry reads (and filters as)
 * `expired`; `claimed` is the claims still open.
 */
async function slotsOf(address: string, status: SlotStatus, limit: number, after?: { taskId: string; batchId: number; slot: number }) {
  const now = chainNow();
  const conditions = [eq(slot.annotator, address as `0x${string}`)];
  if (status === "claimed") conditions.push(eq(slot.state, "claimed"), gt(slot.expiresAt, now));
  else if (status === "expired") conditions.push(eq(slot.state, "claimed"), lte(slot.expiresAt, now));
  else if (status !== "all") conditions.push(eq(slot.state, status));
  if (after) {
    const taskId = BigInt(after.taskId);
    conditions.push(
      or(
        gt(slot.taskId, taskId),
        and(eq(slot.taskId, taskId), gt(slot.batchId, after.batchId)),
        and(eq(slot.taskId, taskId), eq(slot.batchId, after.batchId), gt(slot.slot, after.slot)),
      )!,
    );
  }
  const rows = await db
    .select({ s: slot, b: batch, revealWindow: task.revealWindow, t: { manifestCid: task.manifestCid, manifestError: task.manifestError, title: task.title, itemCount: task.itemCount, batchSize: task.batchSize, classCount: task.classCount } })
    .from(slot)
    .innerJoin(batch, and(eq(batch.taskId, slot.taskId), eq(batch.batchId, slot.batchId)))
    .innerJoin(task, eq(task.id, slot.taskId))
    .where(and(...conditions))
    .orderBy(asc(slot.taskId), asc(slot.batchId), asc(slot.slot))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(({ s, b, revealWindow, t }) => {
    const currentRound = s.round === b.round;
    const opensAt = currentRound ? revealOpensAt(b) : 0;
    return {
      taskId: s.taskId.toString(),
      // as history does: a manifest fetched after indexing gives the title
      taskTitle: manifestStatus(t).title,
      batchId: s.batchId,
      slot: s.slot,
      round: s.round,
      state: s.state === "claimed" && now >= s.expiresAt ? "expired" : s.state,
      itemCount: b.itemCount,
      expiresAt: s.expiresAt,
      committedAt: s.committedAt,
      revealedAt: s.revealedAt,
      revealOpensAt: opensAt === 0 ? null : opensAt,
      revealDeadline: opensAt === 0 ? null : opensAt + revealWindow,
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ taskId: last.taskId, batchId: last.batchId, slot: last.slot }) : null };
}

/** One page of an annotator's per-task record, newest task first. */
async function historyOf(address: Hex, limit: number, before?: bigint) {
  const rows = await db
    .select({
      at: annotatorTask,
      t: { manifestCid: task.manifestCid, manifestError: task.manifestError, title: task.title, token: task.token, itemCount: task.itemCount, batchSize: task.batchSize, classCount: task.classCount },
    })
    .from(annotatorTask)
    .innerJoin(task, eq(task.id, annotatorTask.taskId))
    .where(and(eq(annotatorTask.address, address), ...(before === undefined ? [] : [lt(annotatorTask.taskId, before)])))
    .orderBy(desc(annotatorTask.taskId))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(({ at, t }) => {
    return {
      taskId: at.taskId.toString(),
      title: manifestStatus(t).title,
      token: t.token,
      labelsRevealed: at.labelsRevealed,
      labelsScored: at.labelsScored,
      labelsAgreed: at.labelsAgreed,
      earned: at.earned.toString(),
      peerPrediction: at.ppCount > 0 ? (at.ppSame - at.ppDiff) / (at.ppCount + 2) : null,
      goldAccuracy: at.goldTotal > 0 ? at.goldCorrect / at.goldTotal : null,
      dsAccuracy: at.dsAccuracy,
      dsSkill: at.dsSkill,
      confusion: at.confusion,
      labelCounts: at.labelCounts,
      slotsCommitted: at.slotsCommitted,
      fastCommits: at.fastCommits,
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ taskId: last.taskId }) : null };
}

annotatorRoutes.get("/:address/history", async (c) => {
  const address = parseAddress(c.req.param("address"), "address");
  const limit = parseLimit(c.req.query("limit"), 50);
  const cursor = decodeCursor(c.req.query("cursor"), isTaskIdCursor);
  return c.json(await historyOf(address, limit, cursor ? BigInt(cursor.taskId) : undefined));
});

annotatorRoutes.get("/:address", async (c) => {
  const address = parseAddress(c.req.param("address"), "address");
  const historyLimit = parseLimit(c.req.query("historyLimit"), 50);
  const [row] = await db.select().from(annotator).where(eq(annotator.address, address));
  const [balances, history, flags, pending, standing, pools] = await Promise.all([
    db.select().from(balance).where(eq(balance.account, address)).orderBy(asc(balance.token)),
    historyOf(address, historyLimit),
    db.select().from(flag).where(sql`${flag.annotators}::jsonb ? ${address}`).orderBy(asc(flag.id)).limit(100),
    slotsOf(address, "committed", 200),
    leaderboardStanding(row),
    skillPools(address),
  ]);
  return c.json({
    address,
    // The formula's constants, so a profile can show how the score is made without a copy of them.
    reputation: { ...reputation(row), weights: SCORE_WEIGHTS, confidenceLabels: CONFIDENCE_LABELS },
    ...standing,
    labelsRevealed: row?.labelsRevealed ?? 0,
    labelsAgreed: row?.labelsAgreed ?? 0,
    tasksWorked: row?.tasksWorked ?? 0,
    bondsForfeited: row?.bondsForfeited ?? 0,
    earnings: balances.filter((b) => b.rewards > 0n).map((b) => ({ token: b.token, amount: b.rewards.toString() })),
    claimable: balances.map((b) => ({ token: b.token, amount: (b.credited - b.withdrawn).toString() })).filter((b) => b.amount !== "0"),
    pendingReveals: pending.items,
    history: history.items,
    historyNextCursor: history.nextCursor,
    skillPools: pools,
    flags: flags.map((f) => ({ id: f.id, taskId: f.taskId.toString(), kind: f.kind, severity: f.severity, message: f.message })),
  });
});

const SKILL_POOLS_SHOWN = 20;

/**
 * The Dawid-Skene fits behind the score's skill component, most labels first: one per owner and number of classes the
 * annotator labeled for (`classes`: the pool's first readable manifest's class names, for display).
 */
async function skillPools(address: Hex) {
  const rows = await db
    .select({ p: annotatorPool, owner: dsPool.owner, classCount: dsPool.classCount, classes: dsPool.classes })
    .from(annotatorPool)
    .innerJoin(dsPool, eq(dsPool.key, annotatorPool.pool))
    .where(eq(annotatorPool.address, address))
    .orderBy(desc(annotatorPool.dsLabels), asc(annotatorPool.pool))
    .limit(SKILL_POOLS_SHOWN);
  return rows.map(({ p, owner, classCount, classes }) => ({ owner, classCount, classes, skill: p.dsSkill, labels: p.dsLabels, tasks: p.tasks }));
}

annotatorRoutes.get("/:address/slots", async (c) => {
  const address = parseAddress(c.req.param("address"), "address");
  const status = parseEnum(c.req.query("status"), "status", SLOT_STATUSES, "all");
  const limit = parseLimit(c.req.query("limit"), 50);
  const cursor = decodeCursor(c.req.query("cursor"), isSlotCursor);
  return c.json(await slotsOf(address, status, limit, cursor));
});

const onBoard = gt(annotator.labelsRevealed, 0);
const countOf = sql<string>`count(*)`;

/**
 * Where an annotator stands on the leaderboard (score descending, address ascending, annotators with revealed labels):
 * `leaderboardRank` is null until their first label is revealed.
 */
async function leaderboardStanding(row: AnnotatorRow | undefined): Promise<{ leaderboardRank: number | null; leaderboardSize: number }> {
  const [size] = await db.select({ n: countOf }).from(annotator).where(onBoard);
  const leaderboardSize = Number(size?.n ?? 0);
  if (!row || row.labelsRevealed === 0) return { leaderboardRank: null, leaderboardSize };
  const [ahead] = await db
    .select({ n: countOf })
    .from(annotator)
    .where(and(onBoard, or(gt(annotator.score, row.score), and(eq(annotator.score, row.score), lt(annotator.address, row.address)))));
  return { leaderboardRank: Number(ahead?.n ?? 0) + 1, leaderboardSize };
}

leaderboardRoutes.get("/", async (c) => {
  const limit = parseLimit(c.req.query("limit"));
  const cursor = decodeCursor(c.req.query("cursor"), isRankCursor);
  const after = cursor
    ? [or(lt(annotator.score, cursor.score), and(eq(annotator.score, cursor.score), gt(annotator.address, cursor.address)))!]
    : [];
  const rows = await db
    .select()
    .from(annotator)
    .where(and(onBoard, ...after))
    .orderBy(desc(annotator.score), asc(annotator.address))
    .limit(limit + 1);
  const start = cursor?.rank ?? 0;
  const items = rows.slice(0, limit).map((row, i) => ({
    rank: start + i + 1,
    address: row.address,
    ...reputation(row),
    labelsRevealed: row.labelsRevealed,
    tasksWorked: row.tasksWorked,
  }));
  const last = items.at(-1);
  return c.json({ items, nextCursor: rows.length > limit && last ? encodeCursor({ score: last.score, address: last.address, rank: last.rank }) : null });
});


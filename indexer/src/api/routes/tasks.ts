import { batchItemCount, claimsOver, noBlocks } from "@crowdlabel/sdk";
import { Hono } from "hono";
import { and, asc, desc, eq, gte, lt, lte, or, gt } from "ponder";
import { db } from "ponder:api";
import { annotator, batch, item, slot, task } from "ponder:schema";
import { chainNow } from "../../health/chainMonitor.ts";
import { ApiError } from "../ApiError.ts";
import { claimAvailabilityOf } from "../claimAvailability.ts";
import { batchPhase, revealOpensAt } from "../batchPhase.ts";
import { isBatchCursor, isTaskCursor, TASK_SORTS, type TaskCursor, type TaskSort } from "../cursors.ts";
import { refreshRow } from "../manifestOverlay.ts";
import { decodeCursor, encodeCursor, parseEnum, parseLimit, parseOptionalAddress, parseTaskId, parseUint, parseAddress } from "../params.ts";
import { passesTaskGate, taskListColumns, taskSummary, type TaskListRow, type TaskRow } from "../serialize.ts";

export const tasksRoutes = new Hono();

export async function loadTask(rawId: string | undefined): Promise<TaskRow> {
  const id = parseTaskId(rawId);
  const [row] = await db.select().from(task).where(eq(task.id, id)).limit(1);
  if (!row) throw new ApiError(404, "task_not_found", `no task ${id} has been indexed`);
  return row;
}

const sortKey = (row: TaskListRow, sort: TaskSort): string => (sort === "reward" ? row.rewardPerLabel.toString() : sort === "ending" ? String(row.deadline) : row.id.toString());

/** Rows strictly after `cursor` in `sort` order. */
function afterCursor(sort: TaskSort, cursor: TaskCursor) {
  const id = BigInt(cursor.id);
  if (sort === "newest") return lt(task.id, id);
  if (sort === "reward") {
    const reward = BigInt(cursor.key);
    return or(lt(task.rewardPerLabel, reward), and(eq(task.rewardPerLabel, reward), lt(task.id, id)));
  }
  const deadline = Number(cursor.key);
  return or(gt(task.deadline, deadline), and(eq(task.deadline, deadline), gt(task.id, id)));
}

const orderOf = (sort: TaskSort) =>
  sort === "newest" ? [desc(task.id)] : sort === "reward" ? [desc(task.rewardPerLabel), desc(task.id)] : [asc(task.deadline), asc(task.id)];

tasksRoutes.get("/", async (c) => {
  const q = c.req.query();
  const status = parseEnum(q.status, "status", ["open", "closed", "all"] as const, "open");
  const sort = parseEnum(q.sort, "sort", TASK_SORTS, "newest");
  const token = parseOptionalAddress(q.token, "token");
  const owner = parseOptionalAddress(q.owner, "owner");
  const minReward = q.minReward === undefined || q.minReward === "" ? undefined : parseUint(q.minReward, "minReward");
  const eligibleFor = parseOptionalAddress(q.eligibleFor, "eligibleFor");
  const limit = parseLimit(q.limit);
  let cursor = decodeCursor(q.cursor, isTaskCursor);
  if (cursor && cursor.sort !== sort) throw new ApiError(400, "invalid_cursor", `cursor belongs to sort=${cursor.sort}, not sort=${sort}`);
  const now = chainNow();

  const conditions = [];
  if (status === "open") conditions.push(eq(task.closed, false), gt(task.deadline, now));
  if (status === "closed") conditions.push(or(eq(task.closed, true), lte(task.deadline, now)));
  if (token) conditions.push(eq(task.token, token));
  if (owner) conditions.push(eq(task.owner, owner));
  if (minReward !== undefined) conditions.push(gte(task.rewardPerLabel, minReward));
  const stats = eligibleFor ? (await db.select().from(annotator).where(eq(annotator.address, eligibleFor)))[0] : undefined;

  const items: ReturnType<typeof taskSummary>[] = [];
  let more = true;
  // Eligibility is filtered after the query, so fetch pages until the page is full.
  while (items.length < limit && more) {
    const where = and(...conditions, ...(cursor ? [afterCursor(sort, cursor)] : []));
    const rows = await db.select(taskListColumns).from(task).where(where).orderBy(...orderOf(sort)).limit(limit + 1);
    more = rows.length > limit;
    for (const row of rows.slice(0, limit)) {
      if (items.length >= limit) {
        more = true;
        break;
      }
      cursor = { sort, id: row.id.toString(), key: sortKey(row, sort) };
      if (eligibleFor) {
        if (await canTake(row, eligibleFor, stats, now)) items.push(taskSummary(row, true));
      } else items.push(taskSummary(row));
    }
  }
  // `more` is only left true after at least one row moved the cursor past the request's.
  return c.json({ items, nextCursor: more && cursor ? encodeCursor(cursor) : null });
});

type GateStats = Parameters<typeof passesTaskGate>[1];

/** Why an annotator with `stats` may not request claims on the task now (closed, claims over, gate), or null. */
function claimRefusal(row: TaskListRow, stats: GateStats, now: number): string | null {
  if (row.closed) return "task is closed";
  if (claimsOver(row, now)) return "claims are over: the deadline is less than one claim's time to commit away";
  if (!passesTaskGate(row, stats))
    return `reputation gate: needs ${row.minLabelsRevealed} labels revealed and ${row.minAgreementBps / 100}% agreement (has ${stats?.labelsScored ?? 0} and ${stats?.labelsScored ? ((100 * stats.labelsAgreed) / stats.labelsScored).toFixed(2) : "0"}%)`;
  return null;
}

/** Whether `address` could claim a batch of the task now: not refused, and a batch with a slot for it. */
async function canTake(row: TaskListRow, address: string, stats: GateStats, now: number): Promise<boolean> {
  return claimRefusal(row, stats, now) === null && (await claimAvailabilityOf(row, address, now, 1)).claimableBatches > 0;
}

tasksRoutes.get("/:id", async (c) => {
  const row = await refreshRow(await loadTask(c.req.param("id")));
  const now = chainNow();
  const batches = await db.select().from(batch).where(eq(batch.taskId, row.id));
  const phases = { open: row.batchCount - batches.length, reveal: 0, finalisable: 0, done: 0 };
  for (const b of batches) phases[batchPhase(b, row.revealWindow, now)]++;
  const agreement = await agreementStats(row.id);
  return c.json({
    ...taskSummary(row),
    manifest: row.manifest,
    claimTtl: row.claimTtl,
    commitWindow: row.commitWindow,
    revealWindow: row.revealWindow,
    minLabelsRevealed: row.minLabelsRevealed,
    minAgreementBps: row.minAgreementBps,
    goldCommitment: row.goldCommitment,
    goldRevealed: row.goldRevealed,
    datasetCid: row.datasetCid,
    refund: row.refund === null ? null : row.refund.toString(),
    progress: { batches: phases, itemsResolved: row.itemsResolved, itemsUnresolvedFinal: row.itemsUnresolvedFinal },
    agreement,
  });
});

async function agreementStats(taskId: bigint): Promise<{ meanTopShare: number | null; unanimousShare: number | null }> {
  const rows = await db.select({ topShare: item.topShare, voteCount: item.voteCount }).from(item).where(eq(item.taskId, taskId));
  const voted = rows.filter((r) => r.voteCount > 0);
  if (voted.length === 0) return { meanTopShare: null, unanimousShare: null };
  const mean = voted.reduce((a, r) => a + r.topShare, 0) / voted.length;
  const unanimous = voted.filter((r) => r.topShare === 1).length / voted.length;
  return { meanTopShare: Math.round(mean * 1e6) / 1e6, unanimousShare: Math.round(unanimous * 1e6) / 1e6 };
}

type SlotRow = typeof slot.$inferSelect;

export function slotView(s: SlotRow, now: number) {
  return {
    slot: s.slot,
    annotator: s.annotator,
    round: s.round,
    state: s.state === "claimed" && now >= s.expiresAt ? "expired" : s.state,
    expiresAt: s.expiresAt,
    committedAt: s.committedAt,
    revealedAt: s.revealedAt,
  };
}

tasksRoutes.get("/:id/batches", async (c) => {
  const row = await loadTask(c.req.param("id"));
  const limit = parseLimit(c.req.query("limit"));
  const from = decodeCursor(c.req.query("cursor"), isBatchCursor)?.batchId ?? 0;
  const to = Math.min(row.batchCount, from + limit);
  const now = chainNow();
  const touched = await db.select().from(batch).where(and(eq(batch.taskId, row.id), gte(batch.batchId, from), lt(batch.batchId, to)));
  const slots = await db.select().from(slot).where(and(eq(slot.taskId, row.id), gte(slot.batchId, from), lt(slot.batchId, to))).orderBy(asc(slot.batchId), asc(slot.slot));
  const byId = new Map(touched.map((b) => [b.batchId, b]));
  const items = [];
  for (let batchId = from; batchId < to; batchId++) {
    const b = byId.get(batchId);
    const opensAt = b ? revealOpensAt(b) : 0;
    items.push({
      batchId,
      itemCount: batchItemCount(row, batchId),
      round: b?.round ?? 0,
      phase: b ? batchPhase(b, row.revealWindow, now) : "open",
      slotCount: b?.roundEnd ?? row.redundancy,
      committed: b?.committed ?? 0,
      revealed: b?.revealed ?? 0,
      revealOpensAt: opensAt === 0 ? null : opensAt,
      revealDeadline: opensAt === 0 ? null : opensAt + row.revealWindow,
      slots: slots.filter((s) => s.batchId === batchId).map((s) => slotView(s, now)),
      resolvedMask: (b?.resolvedMask ?? 0n).toString(),
      consensus: b?.finalisedTx ? b.consensus : null,
      finalisedTx: b?.finalisedTx ?? null,
    });
  }
  return c.json({ items, nextCursor: to < row.batchCount ? encodeCursor({ batchId: to }) : null });
});

tasksRoutes.get("/:id/next-batches", async (c) => {
  const row = await loadTask(c.req.param("id"));
  const address = parseAddress(c.req.query("address"), "address");
  const now = chainNow();
  const [stats] = await db.select().from(annotator).where(eq(annotator.address, address));
  const reason = claimRefusal(row, stats, now);
  if (reason) return c.json({ eligible: false, reason, claimableSlots: 0, openBatches: 0, blocked: noBlocks(), nextFreeAt: null, nextRoundAt: null });

  const tally = await claimAvailabilityOf(row, address, now);
  return c.json({ eligible: true, reason: null, claimableSlots: tally.freeSlots, openBatches: tally.claimableBatches, blocked: tally.blocked, nextFreeAt: tally.nextFreeAt, nextRoundAt: tally.nextRoundAt });
});


import { Hono } from "hono";
import { and, asc, eq, gt } from "ponder";
import { db } from "ponder:api";
import { finalisation, flag, item } from "ponder:schema";
import { refreshRow } from "../manifestOverlay.ts";
import { decodeCursor, encodeCursor, parseLimit } from "../params.ts";
import { className } from "../serialize.ts";
import { loadTask } from "./tasks.ts";

export const taskStatsRoutes = new Hono();

const HISTOGRAM_BUCKETS = 10;

taskStatsRoutes.get("/:id/stats", async (c) => {
  const row = await refreshRow(await loadTask(c.req.param("id")));
  const K = row.classCount + 1;
  const items = await db.select().from(item).where(eq(item.taskId, row.id)).orderBy(asc(item.index));
  const classCounts = new Array<number>(K).fill(0);
  const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  const unresolved: { item: number; votes: number[] }[] = [];
  // Both lists describe labelled images only: the histogram resolved ones (where the top class is the consensus),
  // the unresolved list those with votes but no consensus (an image whose slots all failed to reveal has no votes).
  for (const it of items) {
    if (it.resolved && it.consensus !== null) {
      classCounts[it.consensus]!++;
      if (it.voteCount > 0) histogram[Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(it.topShare * HISTOGRAM_BUCKETS + 1e-9))]!++;
    } else if (it.voteCount > 0 && unresolved.length < 100) unresolved.push({ item: it.index, votes: it.votes });
  }
  const classes = Array.from({ length: K }, (_, k) => className(row, k));
  const progress = await db
    .select({ timestamp: finalisation.timestamp, itemsResolved: finalisation.taskItemsResolved, labelsRevealed: finalisation.taskLabelsRevealed })
    .from(finalisation)
    .where(eq(finalisation.taskId, row.id))
    .orderBy(asc(finalisation.block), asc(finalisation.timestamp), asc(finalisation.taskItemsResolved));
  return c.json({
    classDistribution: classCounts.map((count, classId) => ({ classId, name: classes[classId]!, count })),
    agreementHistogram: histogram.map((count, b) => ({ bucket: b / HISTOGRAM_BUCKETS, count })),
    confusionMatrix: { classes, matrix: row.confusion.length === K ? row.confusion : null },
    progressOverTime: progress,
    unresolvedItems: unresolved,
    spend: { funded: row.funded.toString(), paid: row.paid.toString(), bondsForfeited: row.bondsForfeited.toString() },
  });
});

const isFlagCursor = (v: Record<string, unknown>): v is { id: string } => typeof v.id === "string";

taskStatsRoutes.get("/:id/flags", async (c) => {
  const row = await loadTask(c.req.param("id"));
  const limit = parseLimit(c.req.query("limit"), 50);
  const cursor = decodeCursor(c.req.query("cursor"), isFlagCursor);
  const rows = await db
    .select()
    .from(flag)
    .where(and(eq(flag.taskId, row.id), ...(cursor ? [gt(flag.id, cursor.id)] : [])))
    .orderBy(asc(flag.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return c.json({
    items: page.map((f) => ({ id: f.id, kind: f.kind, severity: f.severity, annotators: f.annotators, message: f.message, details: f.details, updatedAt: f.updatedAt })),
    nextCursor: rows.length > limit ? encodeCursor({ id: page.at(-1)!.id }) : null,
  });
});


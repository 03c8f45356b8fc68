import { annotator, annotatorPool, annotatorTask, dsPool, slot, task } from "ponder:schema";
import { and, eq, isNotNull } from "ponder";
import type { Hex } from "viem";
import { withScore, type Db } from "../handlers/store.ts";
import { shouldRunDawidSkene, shouldRunPoolDawidSkene } from "./dawidSkeneSchedule.ts";
import { poolDawidSkene, type PoolEstimate, type PoolTask } from "./poolDawidSkene.ts";
import { taskDawidSkene, type AnnotatorEstimate } from "./taskDawidSkene.ts";

/**
 * After a finalisation, completion or close: re-estimates the task's own Dawid-Skene model (shown per task in the
 * annotators' history) and the model of its pool (the score's skill component), each when its schedule says so.
 * A pool of one task is that task's model: it takes the task's estimates instead of fitting the same labels again.
 */
export async function maybeRunDawidSkene(db: Db, taskId: bigint, complete: boolean) {
  const t = await db.find(task, { id: taskId });
  if (!t) return;
  const estimates = await maybeRunTaskModel(db, t, complete);
  const pool = await db.find(dsPool, { key: t.dsPool });
  if (!pool) return;
  const asPoolEstimates = (from: ReadonlyMap<Hex, AnnotatorEstimate>) => new Map([...from].map(([address, e]) => [address, { skill: e.skill, labels: e.labels, tasks: 1 }]));
  if (pool.tasks === 1) {
    if (estimates) await storePoolEstimates(db, pool, t.finalisations, asPoolEstimates(estimates));
  } else if (shouldRunPoolDawidSkene({ finalisations: pool.finalisations, lastRun: pool.dsFinalisations, taskComplete: complete })) {
    await runPoolModel(db, pool);
  } else if (estimates) {
    // Until the pool's next fit, an annotator new to the pool counts with their fit in this task.
    const newcomers = new Map<Hex, AnnotatorEstimate>();
    for (const [address, e] of estimates) if (!(await db.find(annotatorPool, { address, pool: pool.key }))) newcomers.set(address, e);
    if (newcomers.size > 0) await storePoolEstimates(db, pool, null, asPoolEstimates(newcomers));
  }
}

/** Refits the task's own model when its schedule says so; returns the new estimates (null when it did not run). */
async function maybeRunTaskModel(db: Db, t: typeof task.$inferSelect, complete: boolean): Promise<Map<Hex, AnnotatorEstimate> | null> {
  if (!shouldRunDawidSkene({ finalisations: t.finalisations, lastRun: t.dsFinalisations, complete })) return null;
  const rows = await db.sql
    .select({ annotator: slot.annotator, batchId: slot.batchId, labels: slot.labels })
    .from(slot)
    .where(and(eq(slot.taskId, t.id), isNotNull(slot.labels)));
  const estimates = taskDawidSkene({
    vectors: rows.map((r) => ({ annotator: r.annotator, batchId: r.batchId, labels: r.labels as Hex })),
    batchSize: t.batchSize,
    classCount: t.classCount,
  });
  await db.update(task, { id: t.id }).set({ dsFinalisations: t.finalisations });
  for (const address of [...estimates.keys()].sort()) {
    const estimate = estimates.get(address)!;
    if (!(await db.find(annotatorTask, { address, taskId: t.id }))) continue;
    await db
      .update(annotatorTask, { address, taskId: t.id })
      .set({ dsAccuracy: estimate.accuracy, dsSkill: estimate.skill, dsWeight: estimate.labels, confusion: estimate.confusion });
  }
  return estimates;
}

/** Fits one model over every revealed label of the pool's tasks. */
async function runPoolModel(db: Db, pool: typeof dsPool.$inferSelect) {
  const rows = await db.sql
    .select({ taskId: slot.taskId, batchSize: task.batchSize, annotator: slot.annotator, batchId: slot.batchId, labels: slot.labels })
    .from(slot)
    .innerJoin(task, eq(slot.taskId, task.id))
    .where(and(eq(task.dsPool, pool.key), isNotNull(slot.labels)));
  const tasks = new Map<bigint, PoolTask & { vectors: PoolTask["vectors"][number][] }>();
  for (const r of rows) {
    const t = tasks.get(r.taskId) ?? tasks.set(r.taskId, { id: r.taskId, batchSize: r.batchSize, vectors: [] }).get(r.taskId)!;
    t.vectors.push({ annotator: r.annotator, batchId: r.batchId, labels: r.labels as Hex });
  }
  await storePoolEstimates(db, pool, pool.finalisations, poolDawidSkene({ tasks: [...tasks.values()], classCount: pool.classCount }));
}

/**
 * Records estimates in a pool, and moves each annotator's label-weighted skill from their previous estimate in the pool to
 * the new one. `finalisations`: the pool's count the estimates cover, when they are a fit of the pool (null otherwise).
 */
async function storePoolEstimates(db: Db, pool: typeof dsPool.$inferSelect, finalisations: number | null, estimates: ReadonlyMap<Hex, PoolEstimate>) {
  if (finalisations !== null) await db.update(dsPool, { key: pool.key }).set({ dsFinalisations: finalisations });
  for (const address of [...estimates.keys()].sort()) {
    const estimate = estimates.get(address)!;
    if (!(await db.find(annotator, { address }))) continue;
    const previous = await db.find(annotatorPool, { address, pool: pool.key });
    // Ponder's store may hand out the cached row itself: read what the upsert below overwrites first.
    const oldWeight = previous?.dsLabels ?? 0;
    const oldContribution = (previous?.dsSkill ?? 0) * oldWeight;
    const row = { dsSkill: estimate.skill, dsLabels: estimate.labels, tasks: estimate.tasks };
    await db.insert(annotatorPool).values({ address, pool: pool.key, ...row }).onConflictDoUpdate(row);
    await db.update(annotator, { address }).set((a) =>
      withScore(a, {
        dsSkillWeighted: a.dsSkillWeighted - oldContribution + estimate.skill * estimate.labels,
        dsLabels: a.dsLabels - oldWeight + estimate.labels,
      }),
    );
  }
}

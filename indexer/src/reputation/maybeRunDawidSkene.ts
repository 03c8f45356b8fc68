import { annotator, annotatorTask, slot, task } from "ponder:schema";
import { and, eq, isNotNull } from "ponder";
import type { Hex } from "viem";
import { withScore, type Db } from "../handlers/store.ts";
import { shouldRunDawidSkene } from "./dawidSkeneSchedule.ts";
import { taskDawidSkene } from "./taskDawidSkene.ts";

/**
 * Re-estimates the task's Dawid-Skene model when the schedule says so, and moves each annotator's
 * label-weighted DS skill from the previous estimate to the new one.
 */
export async function maybeRunDawidSkene(db: Db, taskId: bigint, complete: boolean) {
  const t = await db.find(task, { id: taskId });
  if (!t || !shouldRunDawidSkene({ finalisations: t.finalisations, lastRun: t.dsFinalisations, complete })) return;
  const rows = await db.sql
    .select({ annotator: slot.annotator, batchId: slot.batchId, labels: slot.labels })
    .from(slot)
    .where(and(eq(slot.taskId, taskId), isNotNull(slot.labels)));
  const estimates = taskDawidSkene({
    vectors: rows.map((r) => ({ annotator: r.annotator, batchId: r.batchId, labels: r.labels as Hex })),
    batchSize: t.batchSize,
    classCount: t.classCount,
  });
  await db.update(task, { id: taskId }).set({ dsFinalisations: t.finalisations });
  const addresses = [...estimates.keys()].sort();
  for (const address of addresses) {
    const estimate = estimates.get(address)!;
    const previous = await db.find(annotatorTask, { address, taskId });
    if (!previous) continue;
    // Ponder's store may hand out the cached row itself: copy what the update below overwrites.
    const oldWeight = previous.dsWeight;
    const oldContribution = (previous.dsSkill ?? 0) * oldWeight;
    await db
      .update(annotatorTask, { address, taskId })
      .set({ dsAccuracy: estimate.accuracy, dsSkill: estimate.skill, dsWeight: estimate.labels, confusion: estimate.confusion });
    await db.update(annotator, { address }).set((row) =>
      withScore(row, {
        dsSkillWeighted: row.dsSkillWeighted - oldContribution + estimate.skill * estimate.labels,
        dsLabels: row.dsLabels - oldWeight + estimate.labels,
      }),
    );
  }
}

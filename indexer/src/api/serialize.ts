import { CANNOT_LABEL, passesGate, type ReputationGate } from "@crowdlabel/sdk";
import { task } from "ponder:schema";
import { manifestStatus } from "./manifestOverlay.ts";

export type TaskRow = typeof task.$inferSelect;

/**
 * The task columns a listing reads (its summary, sort key, reputation gate and late-manifest overlay): every column
 * but the manifest, which can be megabytes per row.
 */
export const taskListColumns = {
  id: task.id,
  owner: task.owner,
  token: task.token,
  manifestCid: task.manifestCid,
  title: task.title,
  manifestError: task.manifestError,
  itemCount: task.itemCount,
  batchSize: task.batchSize,
  batchCount: task.batchCount,
  classCount: task.classCount,
  redundancy: task.redundancy,
  maxRedundancy: task.maxRedundancy,
  minAgreement: task.minAgreement,
  rewardPerLabel: task.rewardPerLabel,
  bondPerClaim: task.bondPerClaim,
  deadline: task.deadline,
  closed: task.closed,
  funded: task.funded,
  paid: task.paid,
  itemsResolved: task.itemsResolved,
  labelsRevealed: task.labelsRevealed,
  batchesDone: task.batchesDone,
  createdAt: task.createdAt,
  createdBlock: task.createdBlock,
  minLabelsRevealed: task.minLabelsRevealed,
  minAgreementBps: task.minAgreementBps,
  // what the eligibleFor filter needs to count claimable batches
  claimTtl: task.claimTtl,
  commitWindow: task.commitWindow,
  batchesTouched: task.batchesTouched,
};

export type TaskListRow = Pick<TaskRow, keyof typeof taskListColumns>;

/** TaskSummary of the REST contract (bigints as decimal strings, addresses lowercase). */
export function taskSummary(row: TaskListRow, eligible?: boolean) {
  const { title, manifestError } = manifestStatus(row);
  return {
    id: row.id.toString(),
    owner: row.owner,
    token: row.token,
    manifestCid: row.manifestCid,
    title,
    manifestError,
    itemCount: row.itemCount,
    batchSize: row.batchSize,
    batchCount: row.batchCount,
    classCount: row.classCount,
    redundancy: row.redundancy,
    maxRedundancy: row.maxRedundancy,
    minAgreement: row.minAgreement,
    rewardPerLabel: row.rewardPerLabel.toString(),
    bondPerClaim: row.bondPerClaim.toString(),
    deadline: row.deadline,
    closed: row.closed,
    funded: row.funded.toString(),
    paid: row.paid.toString(),
    itemsResolved: row.itemsResolved,
    labelsRevealed: row.labelsRevealed,
    batchesDone: row.batchesDone,
    createdAt: row.createdAt,
    createdBlock: row.createdBlock.toString(),
    ...(eligible === undefined ? {} : { eligible }),
  };
}

/** Whether the annotator's counters pass a task's reputation gate, as `isEligible` (`labelsScored` mirrors the contract's `labelsRevealed`). */
export function passesTaskGate(t: ReputationGate, stats: { labelsScored: number; labelsAgreed: number } | undefined): boolean {
  return passesGate(t, stats && { labelsRevealed: stats.labelsScored, labelsAgreed: stats.labelsAgreed });
}

export function className(t: { classCount: number; manifest: { classes: { name: string }[] } | null }, label: number): string {
  if (label === t.classCount) return CANNOT_LABEL;
  return t.manifest?.classes[label]?.name ?? `class ${label}`;
}

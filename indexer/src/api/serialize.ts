import { CANNOT_LABEL } from "@crowdlabel/sdk";
import type { task } from "ponder:schema";
import { withManifest } from "./manifestOverlay.ts";

export type TaskRow = typeof task.$inferSelect;

/** TaskSummary of the REST contract (bigints as decimal strings, addresses lowercase). */
export function taskSummary(raw: TaskRow, eligible?: boolean) {
  const row = withManifest(raw);
  return {
    id: row.id.toString(),
    owner: row.owner,
    token: row.token,
    manifestCid: row.manifestCid,
    title: row.title,
    manifestError: row.manifestError,
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
    ...(eligible === undefined ? {} : { eligible }),
  };
}

/** Whether on-chain counters (mirrored by the indexer) pass a task's reputation gate, as `isEligible`. */
export function passesGate(t: { minLabelsRevealed: number; minAgreementBps: number }, stats: { labelsScored: number; labelsAgreed: number } | undefined): boolean {
  const revealed = stats?.labelsScored ?? 0;
  const agreed = stats?.labelsAgreed ?? 0;
  return revealed >= t.minLabelsRevealed && agreed * 10_000 >= t.minAgreementBps * revealed;
}

export function className(t: { classCount: number; manifest: { classes: { name: string }[] } | null }, label: number): string {
  if (label === t.classCount) return CANNOT_LABEL;
  return t.manifest?.classes[label]?.name ?? `class ${label}`;
}

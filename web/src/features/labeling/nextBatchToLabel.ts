import type { MyBatch } from "../../lib/chainWork.ts";

/**
 * The first batch the annotator holds that still takes labels and is not fully labelled in this browser, skipping
 * `except` (the batch just committed). The task page starts there; the workspace moves on to it after a commit.
 */
export function nextBatchToLabel(batches: readonly MyBatch[], isLabelled: (batch: MyBatch) => boolean, except?: number): MyBatch | undefined {
  return batches.find((b) => b.status === "label" && b.batchId !== except && !isLabelled(b));
}

import { describe, expect, it } from "vitest";
import type { MyBatch } from "../../lib/chainWork.ts";
import { nextBatchToLabel } from "./nextBatchToLabel.ts";

const held = (batchId: number, status: MyBatch["status"]) => ({ batchId, status }) as MyBatch;

describe("nextBatchToLabel", () => {
  const batches = [held(2, "reveal-open"), held(5, "label"), held(7, "label"), held(9, "label")];
  it("skips batches past labelling, the one just committed and those labelled in full", () => {
    expect(nextBatchToLabel(batches, () => false)?.batchId).toBe(5);
    expect(nextBatchToLabel(batches, () => false, 5)?.batchId).toBe(7);
    expect(nextBatchToLabel(batches, (b) => b.batchId === 7, 5)?.batchId).toBe(9);
    expect(nextBatchToLabel(batches, (b) => b.batchId !== 5, 5)).toBeUndefined();
  });
});

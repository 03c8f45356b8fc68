import { expect, test } from "vitest";
import { taskListColumns, taskSummary, type TaskListRow } from "../../src/api/serialize.ts";

test("listings select the columns a summary, the sort, the eligibleFor filter and the manifest overlay read, never the manifest", () => {
  expect(Object.keys(taskListColumns)).not.toContain("manifest");
  expect(Object.keys(taskListColumns).sort()).toEqual(
    [
      "id", "owner", "token", "manifestCid", "title", "manifestError", "itemCount", "batchSize", "batchCount", "classCount", "redundancy",
      "maxRedundancy", "minAgreement", "rewardPerLabel", "bondPerClaim", "deadline", "closed", "funded", "paid", "itemsResolved",
      "labelsRevealed", "batchesDone", "createdAt", "createdBlock", "minLabelsRevealed", "minAgreementBps", "claimTtl", "commitWindow", "batchesTouched",
    ].sort(),
  );
});

test("a task summary is built from a listing row alone", () => {
  const row: TaskListRow = {
    id: 4n, owner: "0x01", token: "0x02", manifestCid: "bafy", title: "Digits", manifestError: null, itemCount: 6, batchSize: 3, batchCount: 2,
    classCount: 3, redundancy: 3, maxRedundancy: 5, minAgreement: 2, rewardPerLabel: 1000n, bondPerClaim: 100n, deadline: 99, closed: false,
    funded: 5n, paid: 1n, itemsResolved: 2, labelsRevealed: 9, batchesDone: 1, createdAt: 7, createdBlock: 123n, minLabelsRevealed: 0, minAgreementBps: 0,
    claimTtl: 600, commitWindow: 3_600, batchesTouched: 1,
  };
  expect(taskSummary(row, true)).toEqual({
    id: "4", owner: "0x01", token: "0x02", manifestCid: "bafy", title: "Digits", manifestError: null, itemCount: 6, batchSize: 3, batchCount: 2,
    classCount: 3, redundancy: 3, maxRedundancy: 5, minAgreement: 2, rewardPerLabel: "1000", bondPerClaim: "100", deadline: 99, closed: false,
    funded: "5", paid: "1", itemsResolved: 2, labelsRevealed: 9, batchesDone: 1, createdAt: 7, createdBlock: "123", eligible: true,
  });
});

import { expect, test } from "vitest";
import { isBatchCursor, isRankCursor, isSlotCursor, isTaskCursor, isTaskIdCursor } from "../../src/api/cursors.ts";
import { ApiError } from "../../src/api/ApiError.ts";
import { decodeCursor, encodeCursor } from "../../src/api/params.ts";

const address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const huge = "9".repeat(100);

test("cursors the API writes are accepted", () => {
  expect(isSlotCursor({ taskId: "12", batchId: 3, slot: 0 })).toBe(true);
  expect(isRankCursor({ score: 812, address, rank: 20 })).toBe(true);
  expect(isTaskIdCursor({ taskId: "7" })).toBe(true);
  expect(isBatchCursor({ batchId: 40 })).toBe(true);
  expect(isTaskCursor({ sort: "reward", id: "3", key: "1000" })).toBe(true);
  expect(isTaskCursor({ sort: "ending", id: "3", key: "1700000000" })).toBe(true);
});

test("crafted numbers that would reach SQL are refused: fractions, negatives, unsafe integers, integers past an integer column, over-long ids", () => {
  expect([0.5, -1, 1e300, 2 ** 53, "1"].map((slot) => isSlotCursor({ taskId: "1", batchId: 0, slot }))).toEqual([false, false, false, false, false]);
  expect([0.5, -1, 1e300].map((batchId) => isSlotCursor({ taskId: "1", batchId, slot: 0 }))).toEqual([false, false, false]);
  expect(isSlotCursor({ taskId: huge, batchId: 0, slot: 0 })).toBe(false);
  expect([0.5, -1, 1e300].map((score) => isRankCursor({ score, address, rank: 0 }))).toEqual([false, false, false]);
  // slot and score are compared with integer columns: 2^31 is a safe integer but out of PostgreSQL's range
  expect([2 ** 31 - 1, 2 ** 31].map((slot) => isSlotCursor({ taskId: "1", batchId: 0, slot }))).toEqual([true, false]);
  expect([2 ** 31 - 1, 2 ** 31].map((score) => isRankCursor({ score, address, rank: 0 }))).toEqual([true, false]);
  expect([0.5, -1].map((rank) => isRankCursor({ score: 1, address, rank }))).toEqual([false, false]);
  expect(["0x", address.toUpperCase(), `${address}00`].map((a) => isRankCursor({ score: 1, address: a, rank: 0 }))).toEqual([false, false, false]);
  expect([huge, "1.5", "-1"].map((taskId) => isTaskIdCursor({ taskId }))).toEqual([false, false, false]);
  expect([1e300, 0.5, -1].map((batchId) => isBatchCursor({ batchId }))).toEqual([false, false, false]);
  expect(isTaskCursor({ sort: "newest", id: huge, key: huge })).toBe(false);
  expect(isTaskCursor({ sort: "reward", id: "1", key: huge })).toBe(false);
  expect(isTaskCursor({ sort: "ending", id: "1", key: "1e999" })).toBe(false);
});

test("a refused cursor is a 400 invalid_cursor saying what to send", () => {
  const crafted = encodeCursor({ taskId: "1", batchId: 0, slot: 0.5 });
  const error = (() => {
    try {
      decodeCursor(crafted, isSlotCursor);
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({ status: 400, code: "invalid_cursor", message: "cursor is not one this API returned: pass the previous page's nextCursor unchanged" });
  expect(decodeCursor(encodeCursor({ taskId: "1", batchId: 0, slot: 2 }), isSlotCursor)).toEqual({ taskId: "1", batchId: 0, slot: 2 });
});

import { expect, test } from "vitest";
import { batchPhase, revealOpensAt } from "../../src/api/batchPhase.ts";

const base = { done: false, committed: 0, revealed: 0, commitDeadline: 0, revealOpensAt: 0 };

test("batch phases mirror the contract's _phase", () => {
  expect(batchPhase(base, 100, 1_000)).toBe("open");
  expect(batchPhase({ ...base, committed: 1, commitDeadline: 2_000 }, 100, 1_000)).toBe("open");
  expect(batchPhase({ ...base, committed: 1, commitDeadline: 2_000 }, 100, 2_050)).toBe("reveal");
  expect(batchPhase({ ...base, committed: 1, commitDeadline: 2_000 }, 100, 2_100)).toBe("finalisable");
  expect(batchPhase({ ...base, committed: 3, revealed: 3, commitDeadline: 5_000, revealOpensAt: 1_500 }, 100, 1_600)).toBe("finalisable");
  expect(batchPhase({ ...base, done: true }, 100, 0)).toBe("done");
  expect(revealOpensAt({ ...base, committed: 2, commitDeadline: 9 })).toBe(9);
});

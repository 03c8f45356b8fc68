import { describe, expect, it } from "vitest";
import { canCloseTask, canRevealGold, closeRefund, taskBudget } from "./taskMoney.ts";

describe("task money, as the contract computes it", () => {
  it("escrows items x maxRedundancy x reward", () => {
    expect(taskBudget({ itemCount: 150, maxRedundancy: 5, rewardPerLabel: 500n })).toBe(375_000n);
    expect(taskBudget({ itemCount: 0, maxRedundancy: 5, rewardPerLabel: 1n })).toBe(0n);
  });

  it("refunds the unearned budget and every bond not returned, held ones included", () => {
    expect(closeRefund({ funded: 100n, paid: 30n, bondsForfeited: 5n, bondsHeld: 2n })).toBe(77n);
    expect(closeRefund({ funded: 100n, paid: 100n, bondsForfeited: 0n, bondsHeld: 0n })).toBe(0n);
  });

  it("closes once every batch is done, or after the deadline with nothing awaiting finalisation", () => {
    const t = { closed: false, batchesDone: 1, batchCount: 2, deadline: 1_000, pendingBatches: 0 };
    expect(canCloseTask(t, 999)).toBe(false);
    expect(canCloseTask(t, 1_000)).toBe(true);
    expect(canCloseTask({ ...t, pendingBatches: 1 }, 2_000)).toBe(false);
    expect(canCloseTask({ ...t, batchesDone: 2 }, 0)).toBe(true);
    expect(canCloseTask({ ...t, batchesDone: 2, closed: true }, 0)).toBe(false);
  });

  it("reveals gold once nobody can label: closed, past the deadline, or every batch done", () => {
    const t = { closed: false, batchesDone: 1, batchCount: 2, deadline: 1_000 };
    expect(canRevealGold(t, 999)).toBe(false);
    expect(canRevealGold(t, 1_000)).toBe(true);
    expect(canRevealGold({ ...t, batchesDone: 2 }, 0)).toBe(true);
    expect(canRevealGold({ ...t, closed: true }, 0)).toBe(true);
  });
});

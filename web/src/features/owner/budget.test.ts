import { describe, expect, it } from "vitest";
import { parseUnits } from "viem";
import { taskBudget } from "@crowdlabel/sdk";
import { batchCountOf, firstRoundCost, fundingStep, MAX_BUDGET } from "./budget.ts";

describe("budget maths", () => {
  it("escrows items x maxRedundancy x reward", () => {
    expect(taskBudget({ itemCount: 150, maxRedundancy: 5, rewardPerLabel: parseUnits("0.5", 18) })).toBe(parseUnits("375", 18));
    expect(taskBudget({ itemCount: 0, maxRedundancy: 5, rewardPerLabel: 1n })).toBe(0n);
  });

  it("first round costs items x R x reward at most", () => {
    expect(firstRoundCost({ itemCount: 10, redundancy: 3, rewardPerLabel: 2n })).toBe(60n);
  });

  it("counts batches with a shorter last batch", () => {
    expect(batchCountOf(150, 10)).toBe(15);
    expect(batchCountOf(151, 10)).toBe(16);
    expect(batchCountOf(5, 0)).toBe(0);
  });

  it("works in bigint beyond 2^53 without rounding", () => {
    const reward = 2n ** 90n + 1n;
    expect(taskBudget({ itemCount: 3, maxRedundancy: 7, rewardPerLabel: reward })).toBe(21n * reward);
    expect(MAX_BUDGET).toBe(2n ** 128n - 1n);
  });

  it("tells the owner what to do before creating", () => {
    expect(fundingStep({ budget: 10n, balance: 5n, allowance: 100n })).toBe("insufficient-balance");
    expect(fundingStep({ budget: 10n, balance: 10n, allowance: 9n })).toBe("approve");
    expect(fundingStep({ budget: 10n, balance: 10n, allowance: 10n })).toBe("ready");
  });
});

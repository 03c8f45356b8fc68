import { describe, expect, it } from "vitest";
import { isBehindChain, taskSummaryPollInterval } from "./queries.ts";

describe("task summary polling", () => {
  it("is behind only when the indexer counts fewer finished batches than the chain", () => {
    expect(isBehindChain({ batchesDone: 2 }, 3)).toBe(true);
    expect(isBehindChain({ batchesDone: 3 }, 3)).toBe(false);
    expect(isBehindChain(undefined, 3)).toBe(false);
    expect(isBehindChain({ batchesDone: 2 }, undefined)).toBe(false);
  });

  it("asks every second for the first 30 s behind, then every 5 s, and every 10 s when level", () => {
    expect(taskSummaryPollInterval(null)).toBe(10_000);
    expect(taskSummaryPollInterval(0)).toBe(1_000);
    expect(taskSummaryPollInterval(29_999)).toBe(1_000);
    expect(taskSummaryPollInterval(30_000)).toBe(5_000);
    expect(taskSummaryPollInterval(600_000)).toBe(5_000);
  });
});

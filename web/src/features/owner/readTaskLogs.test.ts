// @vitest-environment node
import { beforeEach, describe, expect, it } from "vitest";
import type { PublicClient } from "viem";
import { DEFAULT_LOG_BLOCK_RANGE } from "@crowdlabel/sdk";
import { setTestConfig } from "../../test/testConfig.ts";
import { clearPolledLogs } from "../../lib/chainLogs.ts";
import { readTaskLogs } from "./useTaskAnalytics.ts";

// A chain stand-in 2.5 million blocks past the deployment that records each getLogs range asked for.
function chain(head: bigint) {
  const ranges: [bigint, bigint][] = [];
  const client = {
    getBlockNumber: async () => head,
    getContractEvents: async ({ fromBlock, toBlock }: { fromBlock: bigint; toBlock: bigint }) => {
      ranges.push([fromBlock, toBlock]);
      return [];
    },
  } as unknown as PublicClient;
  return { client, ranges };
}

beforeEach(() => {
  setTestConfig({ startBlock: 0 });
  clearPolledLogs();
});

describe("readTaskLogs", () => {
  it("reads a task's events from its creation block, not the deployment's", async () => {
    const c = chain(2_500_000n);
    await readTaskLogs(c.client, 7n, 2_480_000n);
    expect(Math.min(...c.ranges.map(([from]) => Number(from)))).toBe(2_480_000);
    // Five event types, each over the settled blocks (one window) and the reorg-deep blocks below the head.
    expect(c.ranges).toHaveLength(10);
  });

  it("without the creation block reads from the deployment's start, window by window", async () => {
    const c = chain(2_500_000n);
    await readTaskLogs(c.client, 7n, undefined);
    expect(Math.min(...c.ranges.map(([from]) => Number(from)))).toBe(0);
    // 50 windows of settled blocks per event type (250 requests) instead of 1.
    expect(c.ranges.length).toBe(5 * Math.ceil(Number(2_500_001n - 64n) / Number(DEFAULT_LOG_BLOCK_RANGE)) + 5);
    expect(c.ranges.length).toBe(255);
  });
});

// @vitest-environment node
import { beforeEach, describe, expect, it } from "vitest";
import type { PublicClient } from "viem";
import { chainCache, clearPolledLogs, observeHead, polledLogsSince, REORG_DEPTH, settledBlock } from "./chainLogs.ts";

// A chain stand-in: a head that moves, and one log per block in `logBlocks`; records every getLogs range asked for.
// Its RPC names no finalized block unless `finalized` is set.
function chain(head: bigint, logBlocks: bigint[]) {
  const state = { head, logBlocks, calls: [] as [bigint, bigint][], finalized: undefined as bigint | undefined, finalizedReads: 0 };
  const client = {
    getBlockNumber: async () => state.head,
    getBlock: async ({ blockTag }: { blockTag: string }) => {
      state.finalizedReads++;
      if (blockTag !== "finalized" || state.finalized === undefined) throw new Error("Unknown block tag");
      return { number: state.finalized };
    },
  } as unknown as PublicClient;
  const get = async (from: bigint, to: bigint) => {
    state.calls.push([from, to]);
    return state.logBlocks.filter((b) => b >= from && b <= to);
  };
  return { state, client, get };
}

beforeEach(clearPolledLogs);

describe("polledLogsSince", () => {
  it("reads settled blocks once, then only the recent ones on each poll", async () => {
    const c = chain(1_000n, [10n, 500n, 990n]);
    expect(await polledLogsSince("k", c.client, c.get, 0n)).toEqual([10n, 500n, 990n]);
    expect(c.state.calls).toEqual([
      [0n, 1_000n - REORG_DEPTH],
      [1_000n - REORG_DEPTH + 1n, 1_000n],
    ]);
    c.state.calls = [];
    c.state.head = 1_010n;
    c.state.logBlocks.push(1_005n);
    expect(await polledLogsSince("k", c.client, c.get, 0n)).toEqual([10n, 500n, 990n, 1_005n]);
    // Only the ten blocks that settled since, and the recent window.
    expect(c.state.calls).toEqual([
      [1_000n - REORG_DEPTH + 1n, 1_010n - REORG_DEPTH],
      [1_010n - REORG_DEPTH + 1n, 1_010n],
    ]);
  });

  it("drops a recent log a reorg removed", async () => {
    const c = chain(1_000n, [10n, 980n]);
    expect(await polledLogsSince("k", c.client, c.get, 0n)).toEqual([10n, 980n]);
    c.state.logBlocks = [10n]; // block 980 was reorged out, within REORG_DEPTH of the head
    expect(await polledLogsSince("k", c.client, c.get, 0n)).toEqual([10n]);
  });

  it("starts over when the head falls below what it had settled (a restarted dev chain)", async () => {
    const c = chain(1_000n, [10n, 500n]);
    await polledLogsSince("k", c.client, c.get, 0n);
    c.state.head = 40n;
    c.state.logBlocks = [7n];
    expect(await polledLogsSince("k", c.client, c.get, 0n)).toEqual([7n]);
  });

  it("keeps queries apart by key, and a young chain has nothing settled", async () => {
    const c = chain(30n, [5n, 25n]);
    expect(await polledLogsSince("a", c.client, c.get, 0n)).toEqual([5n, 25n]);
    expect(c.state.calls).toEqual([[0n, 30n]]);
    c.state.logBlocks = [5n];
    expect(await polledLogsSince("b", c.client, c.get, 0n)).toEqual([5n]);
  });
});

describe("settledBlock", () => {
  it("keeps logs up to the block the chain calls finalized, read once for every query polling within a few seconds", async () => {
    const c = chain(1_000n, [10n, 900n, 950n]);
    c.state.finalized = 900n; // deeper than REORG_DEPTH: an L2 whose batches are not yet final on L1
    expect(await polledLogsSince("a", c.client, c.get, 0n)).toEqual([10n, 900n, 950n]);
    expect(c.state.calls).toEqual([
      [0n, 900n],
      [901n, 1_000n],
    ]);
    c.state.logBlocks = [10n, 900n]; // block 950 was reorged out: it was never kept
    expect(await polledLogsSince("b", c.client, c.get, 0n)).toEqual([10n, 900n]);
    expect(await polledLogsSince("a", c.client, c.get, 0n)).toEqual([10n, 900n]);
    expect(c.state.finalizedReads).toBe(1);
  });

  it("is never above the head, and falls back to REORG_DEPTH below it where the RPC names no finalized block", async () => {
    const c = chain(1_000n, []);
    c.state.finalized = 1_002n; // another node behind the same RPC is ahead
    expect(await settledBlock(c.client, 1_000n)).toBe(1_000n);
    clearPolledLogs();
    c.state.finalized = undefined;
    expect(await settledBlock(c.client, 1_000n)).toBe(1_000n - REORG_DEPTH);
  });
});

describe("observeHead", () => {
  it("keeps caches when the head steps back a little (RPC nodes disagree), forgets them when it falls far (another chain)", () => {
    const cache = chainCache<string>();
    observeHead(10_000n);
    cache.set("task", "log");
    observeHead(9_998n);
    expect(cache.get("task")).toBe("log");
    observeHead(10_000n - REORG_DEPTH - 1n);
    expect(cache.size).toBe(0);
  });

  it("a polled query read on a restarted chain that has grown past its settled block still starts over", async () => {
    const c = chain(1_000n, [10n, 500n]);
    await polledLogsSince("k", c.client, c.get, 0n);
    // Another query sees the new chain first, at a head far below; the kept logs of "k" go with it.
    observeHead(200n);
    c.state.head = 1_001n;
    c.state.logBlocks = [7n];
    expect(await polledLogsSince("k", c.client, c.get, 0n)).toEqual([7n]);
  });
});

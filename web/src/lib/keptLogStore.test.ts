import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { pad, toHex, type PublicClient } from "viem";
import { clearPolledLogs, polledLogsSince, REORG_DEPTH, STORE_INTERVAL_MS } from "./chainLogs.ts";
import { MAX_STORED_CHARS, MAX_TOTAL_CHARS, readStoredLogs, writeStoredLogs } from "./keptLogStore.ts";

type Log = { blockNumber: bigint; args: { taskId: bigint; annotator: string } };
const log = (blockNumber: bigint): Log => ({ blockNumber, args: { taskId: 2n ** 70n + blockNumber, annotator: "0xabc" } });

// A chain stand-in with block hashes: `epoch` changes them all, as a restarted dev chain would. Its RPC names no
// finalized block, so REORG_DEPTH below the head is settled. Records every getLogs range and block read.
function chain(head: bigint, logBlocks: bigint[]) {
  const state = { head, logBlocks, epoch: 1, calls: [] as [bigint, bigint][], blockReads: [] as bigint[] };
  const client = {
    getBlockNumber: async () => state.head,
    getBlock: async ({ blockTag, blockNumber }: { blockTag?: string; blockNumber?: bigint }) => {
      if (blockTag === "finalized") throw new Error("Unknown block tag");
      state.blockReads.push(blockNumber!);
      if (blockNumber! > state.head) throw new Error("Block not found");
      return { number: blockNumber, hash: pad(toHex(state.epoch * 1_000_000 + Number(blockNumber))) };
    },
  } as unknown as PublicClient;
  const get = async (from: bigint, to: bigint) => {
    state.calls.push([from, to]);
    return state.logBlocks.filter((b) => b >= from && b <= to).map(log);
  };
  return { state, client, get };
}

const KEY = "deployment:slot-assigned";
const stored = () => localStorage.getItem(`crowdlabel:settled-logs:v1:${KEY}`);

beforeEach(clearPolledLogs);
afterEach(() => vi.useRealTimers());

describe("keptLogStore", () => {
  it("keeps logs with their bigints, drops what it cannot read, and does not keep a set over its size cap", () => {
    const logs = [log(10n), log(500n)];
    writeStoredLogs(KEY, { settledTo: 936n, hash: pad("0x1"), logs });
    expect(readStoredLogs(KEY)).toEqual({ settledTo: 936n, hash: pad("0x1"), logs });

    const many = Array.from({ length: MAX_STORED_CHARS / 50 }, (_, i) => log(BigInt(i)));
    writeStoredLogs(KEY, { settledTo: 936n, hash: pad("0x1"), logs: many });
    expect(stored()).toBeNull(); // and the older, smaller copy is gone with it: it would be stale

    localStorage.setItem(`crowdlabel:settled-logs:v1:${KEY}`, '{"settledTo": 12');
    expect(readStoredLogs(KEY)).toBeUndefined();
    expect(stored()).toBeNull();
  });

  it("keeps all stored sets within MAX_TOTAL_CHARS, removing the least recently written first", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const set = (chars: number) => ({ settledTo: 1n, hash: pad("0x1"), logs: ["x".repeat(chars)] });
    const quarter = Math.floor(MAX_TOTAL_CHARS / 4) - 1_000; // with its JSON around it, four fit
    for (const key of ["a", "b", "c"]) {
      writeStoredLogs(key, set(quarter));
      vi.advanceTimersByTime(1_000);
    }
    writeStoredLogs("a", set(quarter)); // written again: now the newest
    vi.advanceTimersByTime(1_000);
    writeStoredLogs("d", set(quarter));
    vi.advanceTimersByTime(1_000);
    expect(["a", "b", "c", "d"].map((key) => readStoredLogs(key) !== undefined)).toEqual([true, true, true, true]);
    writeStoredLogs("e", set(quarter));
    expect(["a", "b", "c", "d", "e"].map((key) => readStoredLogs(key) !== undefined)).toEqual([true, false, true, true, true]);
    const total = Object.keys(localStorage)
      .filter((name) => name.startsWith("crowdlabel:settled-logs:v1:"))
      .reduce((sum, name) => sum + localStorage.getItem(name)!.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_TOTAL_CHARS);
  });
});

describe("polledLogsSince across page loads", () => {
  it("after a reload reads only the blocks since the stored ones, once it has checked the chain still has their last block", async () => {
    const c = chain(1_000n, [10n, 500n, 990n]);
    expect((await polledLogsSince(KEY, c.client, c.get, 0n)).map((l) => l.blockNumber)).toEqual([10n, 500n, 990n]);
    const settledTo = 1_000n - REORG_DEPTH;
    await vi.waitFor(() => expect(stored()).not.toBeNull());
    expect(c.state.blockReads).toEqual([settledTo]);

    clearPolledLogs(); // a reload: the tab's memory is gone, localStorage is not
    c.state.calls = [];
    c.state.blockReads = [];
    c.state.head = 1_010n;
    c.state.logBlocks.push(1_005n);
    const logs = await polledLogsSince(KEY, c.client, c.get, 0n);
    expect(logs).toEqual([10n, 500n, 990n, 1_005n].map(log));
    expect(c.state.blockReads[0]).toBe(settledTo);
    expect(c.state.calls).toEqual([
      [settledTo + 1n, 1_010n - REORG_DEPTH],
      [1_010n - REORG_DEPTH + 1n, 1_010n],
    ]);
  });

  it("reads everything again when the stored logs' last block is another one now (a restarted dev chain) or not there", async () => {
    const c = chain(1_000n, [10n, 500n]);
    await polledLogsSince(KEY, c.client, c.get, 0n);
    await vi.waitFor(() => expect(stored()).not.toBeNull());

    clearPolledLogs();
    c.state.epoch = 2; // same heights, other blocks
    c.state.logBlocks = [7n, 800n];
    c.state.calls = [];
    expect((await polledLogsSince(KEY, c.client, c.get, 0n)).map((l) => l.blockNumber)).toEqual([7n, 800n]);
    expect(c.state.calls[0]![0]).toBe(0n);

    await vi.waitFor(() => expect(readStoredLogs<Log>(KEY)?.logs.length).toBe(2));
    clearPolledLogs();
    c.state.head = 100n; // restarted again, and younger than the stored block
    c.state.logBlocks = [3n];
    expect((await polledLogsSince(KEY, c.client, c.get, 0n)).map((l) => l.blockNumber)).toEqual([3n]);
  });

  it("stores a query at most every STORE_INTERVAL_MS, however often it polls", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const c = chain(1_000n, [10n]);
    for (let poll = 0; poll < 5; poll++) {
      c.state.head += 1n;
      await polledLogsSince(KEY, c.client, c.get, 0n);
    }
    expect(c.state.blockReads).toHaveLength(1);
    vi.setSystemTime(Date.now() + STORE_INTERVAL_MS);
    c.state.head += 1n;
    await polledLogsSince(KEY, c.client, c.get, 0n);
    expect(c.state.blockReads).toHaveLength(2);
    await vi.waitFor(() => expect(readStoredLogs(KEY)?.settledTo).toBe(c.state.head - REORG_DEPTH));
  });
});

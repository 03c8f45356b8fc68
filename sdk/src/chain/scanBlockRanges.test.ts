import { describe, expect, it } from "vitest";
import { LimitExceededRpcError, RpcRequestError } from "viem";
import { isLogCountRefused, isLogRangeRefused, scanBlockRanges } from "./scanBlockRanges.ts";

/** A getLogs stand-in: one "log" per block, refusing windows wider than `limit` blocks the way `refuse` words it. */
function fakeRpc(limit: bigint, refuse: (from: bigint, to: bigint) => Error) {
  const calls: [bigint, bigint][] = [];
  const get = async (from: bigint, to: bigint): Promise<bigint[]> => {
    calls.push([from, to]);
    if (to - from + 1n > limit) throw refuse(from, to);
    return Array.from({ length: Number(to - from + 1n) }, (_, i) => from + BigInt(i));
  };
  return { get, calls };
}

const blocks = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));

describe("scanBlockRanges", () => {
  it("covers the range in windows, in order, each block once", async () => {
    const rpc = fakeRpc(1_000n, () => new Error("unreachable"));
    expect(await scanBlockRanges(rpc.get, { fromBlock: 5n, toBlock: 2_504n, blockRange: 1_000n })).toEqual(blocks(5, 2_504));
    expect(rpc.calls).toEqual([
      [5n, 1_004n],
      [1_005n, 2_004n],
      [2_005n, 2_504n],
    ]);
  });

  it("halves a window the RPC refuses and keeps the smaller size", async () => {
    const rpc = fakeRpc(3_000n, (from, to) => new RpcRequestError({ body: {}, url: "http://rpc", error: { code: -32602, message: `block range too large: ${from}-${to}, max 3000` } }));
    expect(await scanBlockRanges(rpc.get, { fromBlock: 0n, toBlock: 19_999n, blockRange: 10_000n })).toEqual(blocks(0, 19_999));
    // 10,000 refused, 5,000 refused, then windows of 2,500 to the end.
    expect(rpc.calls.slice(0, 3)).toEqual([
      [0n, 9_999n],
      [0n, 4_999n],
      [0n, 2_499n],
    ]);
    expect(rpc.calls.length).toBe(2 + 8);
  });

  it("after a limit on results, grows the window back where the events thin out", async () => {
    // Every block of the first 10,000 has an event, then one in 10,000 does; the RPC answers at most 1,000 logs.
    const hasEvent = (block: bigint) => block < 10_000n || block % 10_000n === 0n;
    const calls: [bigint, bigint][] = [];
    const get = async (from: bigint, to: bigint): Promise<bigint[]> => {
      calls.push([from, to]);
      const logs: bigint[] = [];
      for (let block = from; block <= to; block++) if (hasEvent(block)) logs.push(block);
      if (logs.length > 1_000) throw new RpcRequestError({ body: {}, url: "http://rpc", error: { code: -32005, message: "query returned more than 1000 results" } });
      return logs;
    };
    const logs = await scanBlockRanges(get, { fromBlock: 0n, toBlock: 999_999n });
    expect(logs).toEqual([...blocks(0, 9_999), ...Array.from({ length: 99 }, (_, i) => BigInt((i + 1) * 10_000))]);
    // Halved six times to 781 blocks in the burst; kept at that size the scan would take 1,287 requests.
    expect(calls.slice(5, 9)).toEqual([
      [0n, 1_561n],
      [0n, 780n],
      [781n, 2_342n],
      [781n, 1_561n],
    ]);
    expect(calls.length).toBe(53);
    expect(calls.at(-2)).toEqual([907_778n, 957_777n]); // back to 50,000-block windows
  });

  it("never grows past a limit on blocks once one was met", async () => {
    const rpc = fakeRpc(3_000n, () => new Error("exceed maximum block range: 3000"));
    await scanBlockRanges(rpc.get, { fromBlock: 0n, toBlock: 99_999n, blockRange: 10_000n });
    expect(rpc.calls.filter(([from, to]) => to - from + 1n > 3_000n)).toHaveLength(2); // 10,000 and 5,000, once each
  });

  it("recognises viem's LimitExceededRpcError and result-count limits", async () => {
    expect(isLogRangeRefused(new LimitExceededRpcError(new Error("x")))).toBe(true);
    expect(isLogRangeRefused(new Error("query returned more than 10000 results"))).toBe(true);
    expect(isLogRangeRefused(new Error("wrapped", { cause: new Error("Log response size exceeded.") }))).toBe(true);
    expect(isLogRangeRefused(new Error("fetch failed"))).toBe(false);
    expect(isLogCountRefused(new Error("wrapped", { cause: new Error("query returned more than 10000 results") }))).toBe(true);
    expect(isLogCountRefused(new Error("block range too large: max 3000"))).toBe(false);
  });

  it("passes on any other error at once: an RPC that is down is not retried window by window", async () => {
    let calls = 0;
    const down = async (): Promise<never[]> => {
      calls++;
      throw new Error("fetch failed");
    };
    await expect(scanBlockRanges(down, { fromBlock: 0n, toBlock: 100_000n })).rejects.toThrow("fetch failed");
    expect(calls).toBe(1);
  });

  it("gives up on a single block the RPC still refuses", async () => {
    const rpc = fakeRpc(0n, () => new Error("query returned more than 10000 results"));
    await expect(scanBlockRanges(rpc.get, { fromBlock: 0n, toBlock: 3n, blockRange: 4n })).rejects.toThrow("more than 10000 results");
    expect(rpc.calls).toEqual([
      [0n, 3n],
      [0n, 1n],
      [0n, 0n],
    ]);
  });

  it("returns nothing for an empty range", async () => {
    const rpc = fakeRpc(10n, () => new Error("x"));
    expect(await scanBlockRanges(rpc.get, { fromBlock: 10n, toBlock: 9n })).toEqual([]);
    expect(rpc.calls).toEqual([]);
  });
});

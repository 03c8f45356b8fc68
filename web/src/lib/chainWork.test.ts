// @vitest-environment node
import { beforeEach, describe, expect, it } from "vitest";
import type { PublicClient } from "viem";
import { setTestConfig } from "../test/testConfig.ts";
import { clearPolledLogs } from "./chainLogs.ts";
import { fetchMyBatches, revealedVectors } from "./chainWork.ts";

const DEPLOYMENT_BLOCK = 5n;

// A chain stand-in: a batch of 3 slots (slot 1 never revealed) and the getLogs ranges asked for.
function chain() {
  const state = { ranges: [] as [bigint, bigint][], batchReads: 0 };
  const logs = [
    { args: { batchId: 0, slot: 2, labels: "0x0201" }, blockNumber: 900n },
    { args: { batchId: 0, slot: 0, labels: "0x0101" }, blockNumber: 800n },
    { args: { batchId: 1, slot: 1, labels: "0x0000" }, blockNumber: 850n },
  ];
  const client = {
    getBlockNumber: async () => 1_000n,
    getBlock: async () => ({ timestamp: 1_790_000_000n }),
    readContract: async () => {
      state.batchReads++;
      return [{ roundEnd: 3 }];
    },
    getContractEvents: async ({ fromBlock, toBlock }: { fromBlock: bigint; toBlock: bigint }) => {
      state.ranges.push([fromBlock, toBlock]);
      return logs.filter((l) => l.blockNumber >= fromBlock && l.blockNumber <= toBlock);
    },
  } as unknown as PublicClient;
  return { state, client };
}

beforeEach(() => {
  setTestConfig({ startBlock: Number(DEPLOYMENT_BLOCK) });
  clearPolledLogs();
});

describe("revealedVectors", () => {
  it("gives the vectors in slot order, empty for a slot that did not reveal", async () => {
    const c = chain();
    expect(await revealedVectors(c.client, { taskId: 1n, batchIds: [0] })).toEqual([["0x0101", "0x", "0x0201"]]);
    expect(c.state.ranges).toEqual([[DEPLOYMENT_BLOCK, 1_000n]]);
  });

  it("reads several batches' vectors from one scan", async () => {
    const c = chain();
    expect(await revealedVectors(c.client, { taskId: 1n, batchIds: [1, 0] })).toEqual([["0x", "0x0000", "0x"], ["0x0101", "0x", "0x0201"]]);
    expect(c.state.ranges).toEqual([[DEPLOYMENT_BLOCK, 1_000n]]);
  });

  it("sizes the vectors by the round ends given, without reading the batches again", async () => {
    const c = chain();
    expect(await revealedVectors(c.client, { taskId: 1n, batchIds: [0, 1], roundEnds: [3, 2] })).toEqual([["0x0101", "0x", "0x0201"], ["0x", "0x0000"]]);
    expect(c.state.batchReads).toBe(0);
    await revealedVectors(c.client, { taskId: 1n, batchIds: [0] });
    expect(c.state.batchReads).toBeGreaterThan(0);
  });

  it("scans from the task's creation block when it is known", async () => {
    const c = chain();
    expect(await revealedVectors(c.client, { taskId: 1n, batchIds: [0], fromBlock: 700n })).toEqual([["0x0101", "0x", "0x0201"]]);
    expect(c.state.ranges).toEqual([[700n, 1_000n]]);
  });
});

describe("fetchMyBatches", () => {
  const args = { taskId: 1n, annotator: "0x0000000000000000000000000000000000000009", revealWindow: 600 } as const;

  it("scans an annotator's assignments from the task's creation block when it is known", async () => {
    const c = chain();
    expect(await fetchMyBatches(c.client, { ...args, fromBlock: 950n })).toEqual([]);
    expect(c.state.ranges).toEqual([[950n, 1_000n]]);
  });

  it("scans from the deployment's start block without it", async () => {
    const c = chain();
    await fetchMyBatches(c.client, args);
    expect(c.state.ranges[0]![0]).toBe(DEPLOYMENT_BLOCK);
  });
});

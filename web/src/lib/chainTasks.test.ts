// @vitest-environment node
import { beforeEach, describe, expect, it } from "vitest";
import type { PublicClient } from "viem";
import { setTestConfig } from "../test/testConfig.ts";
import { clearPolledLogs, REORG_DEPTH } from "./chainLogs.ts";
import { fetchTaskFromChain, fetchTasksFromChain } from "./chainTasks.ts";

const CREATED_AT = 1_790_000_000;
const createdLog = (taskId: bigint, blockNumber: bigint) => ({
  args: { taskId, params: { manifestCid: `cid-${taskId}`, claimTtl: 600, commitWindow: 3600, revealWindow: 600 } },
  blockNumber,
  blockHash: `0x${blockNumber.toString(16).padStart(64, "0")}`,
});

// A chain stand-in that records what the app asks of it: the head, TaskCreated logs, task state and block reads.
function chain(head: bigint) {
  const state = { head, logs: [createdLog(1n, 100n), createdLog(2n, 200n)], getLogs: [] as [bigint, bigint][], getBlock: 0, readContract: 0 };
  const client = {
    getBlockNumber: async () => state.head,
    getContractEvents: async ({ args, fromBlock, toBlock }: { args?: { taskId: bigint }; fromBlock: bigint; toBlock: bigint }) => {
      state.getLogs.push([fromBlock, toBlock]);
      return state.logs.filter((l) => l.blockNumber >= fromBlock && l.blockNumber <= toBlock && (args === undefined || l.args.taskId === args.taskId));
    },
    readContract: async () => {
      state.readContract++;
      return { owner: "0x0000000000000000000000000000000000000001", itemCount: 6, deadline: 2_000_000_000n, doneBatches: 0, closed: false };
    },
    getBlock: async () => {
      state.getBlock++;
      return { timestamp: BigInt(CREATED_AT) };
    },
  } as unknown as PublicClient;
  return { state, client };
}

beforeEach(() => {
  setTestConfig({ startBlock: 0 });
  clearPolledLogs();
});

describe("tasks read from the chain, polled", () => {
  it("a task page's 5 s poll reads only the newest blocks' logs and no block again", async () => {
    const c = chain(10_000n);
    const first = await fetchTaskFromChain(c.client, 2n);
    expect(first.manifestCid).toBe("cid-2");
    expect(first.createdAt).toBe(CREATED_AT);
    expect(first.createdBlock).toBe(200n);
    expect(c.state.getBlock).toBe(1);

    c.state.getLogs = [];
    c.state.head = 10_002n;
    const again = await fetchTaskFromChain(c.client, 2n);
    expect(again.createdAt).toBe(CREATED_AT);
    expect(c.state.getBlock).toBe(1);
    // The two blocks that settled since, and the reorg-deep window below the head: nothing from the deployment block.
    expect(c.state.getLogs).toEqual([
      [10_000n - REORG_DEPTH + 1n, 10_002n - REORG_DEPTH],
      [10_002n - REORG_DEPTH + 1n, 10_002n],
    ]);
    expect(c.state.readContract).toBe(2); // the live state is read on every poll
  });

  it("the no-indexer task list keeps settled TaskCreated logs and picks up a new task", async () => {
    const c = chain(10_000n);
    expect((await fetchTasksFromChain(c.client)).map((t) => t.id)).toEqual([2n, 1n]);
    c.state.getLogs = [];
    c.state.head = 10_001n;
    c.state.logs.push(createdLog(3n, 10_001n));
    expect((await fetchTasksFromChain(c.client)).map((t) => t.id)).toEqual([3n, 2n, 1n]);
    expect(c.state.getLogs.every(([from]) => from > 10_000n - REORG_DEPTH)).toBe(true);
  });
});

// @vitest-environment node
import { beforeEach, describe, expect, it } from "vitest";
import type { PublicClient } from "viem";
import { setTestConfig } from "../test/testConfig.ts";
import { clearPolledLogs, REORG_DEPTH } from "./chainLogs.ts";
import { eligibleTasks, fetchTaskFromChain, fetchTasksFromChain, NO_SLOT_RECHECK_SECONDS, tasksWithFreeSlot, withManifestCids, type TaskView } from "./chainTasks.ts";

const CREATED_AT = 1_790_000_000;
const createdLog = (taskId: bigint, blockNumber: bigint) => ({
  args: { taskId, params: { manifestCid: `cid-${taskId}`, claimTtl: 600, commitWindow: 3600, revealWindow: 600 } },
  blockNumber,
  blockHash: `0x${blockNumber.toString(16).padStart(64, "0")}`,
});

// Task 1 is open to everyone; task 2 needs 10 labels revealed; task 3 needs 80% agreement.
const gates = [{}, { minLabelsRevealed: 0, minAgreementBps: 0 }, { minLabelsRevealed: 10, minAgreementBps: 0 }, { minLabelsRevealed: 0, minAgreementBps: 8_000 }];

// A chain stand-in that records what the app asks of it: the head, TaskCreated logs, task state and block reads.
function chain(head: bigint) {
  const state = { head, logs: [createdLog(1n, 100n), createdLog(2n, 200n)], getLogs: [] as [bigint, bigint][], getBlock: 0, readContract: 0 };
  const client = {
    getBlockNumber: async () => state.head,
    getContractEvents: async ({ args, fromBlock, toBlock }: { args?: { taskId: bigint }; fromBlock: bigint; toBlock: bigint }) => {
      state.getLogs.push([fromBlock, toBlock]);
      return state.logs.filter((l) => l.blockNumber >= fromBlock && l.blockNumber <= toBlock && (args === undefined || l.args.taskId === args.taskId));
    },
    readContract: async ({ functionName, args }: { functionName: string; args?: [bigint] }) => {
      state.readContract++;
      if (functionName === "taskCount") return BigInt(state.logs.length);
      if (functionName === "annotatorStats") return [12n, 9n]; // 12 labels revealed, 9 agreed (75%)
      const [taskId] = args!;
      const created = state.logs.find((l) => l.args.taskId === taskId)!;
      return { owner: "0x0000000000000000000000000000000000000001", itemCount: 6, deadline: 2_000_000_000n, doneBatches: 0, closed: false, createdBlock: Number(created.blockNumber), ...gates[Number(taskId)] };
    },
    getBlock: async ({ blockTag }: { blockTag?: string }) => {
      if (blockTag) throw new Error("Unknown block tag"); // this RPC names no finalized block
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
  it("a task page reads the TaskCreated log from the block getTask names, once; a poll reads only getTask", async () => {
    const c = chain(10_000n);
    const first = await fetchTaskFromChain(c.client, 2n);
    expect(first.manifestCid).toBe("cid-2");
    expect(first.createdAt).toBe(CREATED_AT);
    expect(first.createdBlock).toBe(200n);
    expect(c.state.getLogs).toEqual([[200n, 200n]]); // one block, not every block since the deployment
    expect(c.state.getBlock).toBe(1);

    c.state.getLogs = [];
    c.state.head = 10_002n;
    const again = await fetchTaskFromChain(c.client, 2n);
    expect(again.manifestCid).toBe("cid-2");
    expect(again.createdAt).toBe(CREATED_AT);
    expect(c.state.getLogs).toEqual([]);
    expect(c.state.getBlock).toBe(1);
    expect(c.state.readContract).toBe(2); // the live state is read on every poll
  });

  it("a task created within the reorg depth has its one block read again on each poll until it settles", async () => {
    const c = chain(10_000n);
    c.state.logs.push(createdLog(3n, 9_990n));
    await fetchTaskFromChain(c.client, 3n);
    await fetchTaskFromChain(c.client, 3n);
    expect(c.state.getLogs).toEqual([[9_990n, 9_990n], [9_990n, 9_990n]]);
    c.state.head = 9_990n + REORG_DEPTH;
    await fetchTaskFromChain(c.client, 3n);
    await fetchTaskFromChain(c.client, 3n);
    expect(c.state.getLogs).toHaveLength(3);
  });

  it("the no-indexer task list counts tasks and reads each one's state, newest first, with no log scan", async () => {
    const c = chain(4_000_000n); // months of blocks since the deployment: a scan would take 80 getLogs windows
    const tasks = await fetchTasksFromChain(c.client);
    expect(tasks.map((t) => [t.id, t.createdBlock, t.manifestCid])).toEqual([[2n, 200n, ""], [1n, 100n, ""]]);
    expect(c.state.getLogs).toEqual([]);
    expect(c.state.readContract).toBe(3); // taskCount, then getTask for tasks 2 and 1

    c.state.logs.push(createdLog(3n, 4_000_001n));
    expect((await fetchTasksFromChain(c.client)).map((t) => t.id)).toEqual([3n, 2n, 1n]);
    expect(c.state.getLogs).toEqual([]);
  });

  it("fills a listed task's manifest CID from the one block it was created in", async () => {
    const c = chain(4_000_000n);
    const [second, first] = await fetchTasksFromChain(c.client);
    const filled = await withManifestCids(c.client, [second!, { ...first!, manifestCid: "cid-from-the-indexer" }]);
    expect(filled.map((t) => t.manifestCid)).toEqual(["cid-2", "cid-from-the-indexer"]);
    expect(c.state.getLogs).toEqual([[200n, 200n]]);
  });

  it("without the indexer, 'only tasks I can take' checks each task's gate against one read of the annotator's counters", async () => {
    const c = chain(4_000_000n);
    c.state.logs.push(createdLog(3n, 300n));
    const tasks = await fetchTasksFromChain(c.client);
    c.state.readContract = 0;
    const eligible = await eligibleTasks(c.client, tasks, "0x0000000000000000000000000000000000000002");
    expect(eligible.map((t) => [t.id, t.eligible])).toEqual([[2n, true], [1n, true]]);
    expect(c.state.readContract).toBe(1);
  });

  it("forgets a kept TaskCreated log when the chain behind the RPC restarts (a dev chain), and reads the new task's", async () => {
    const c = chain(10_000n);
    expect((await fetchTaskFromChain(c.client, 2n)).manifestCid).toBe("cid-2");
    // A fresh chain at the same contract address: task 2 again at block 200, with another manifest.
    c.state.head = 300n;
    c.state.logs = [createdLog(1n, 100n), { ...createdLog(2n, 200n), args: { taskId: 2n, params: { ...createdLog(2n, 200n).args.params, manifestCid: "cid-new" } } }];
    expect((await fetchTaskFromChain(c.client, 2n)).manifestCid).toBe("cid-new");
  });
});

describe("tasks with a free slot, read from the chain", () => {
  const NOBODY = "0x0000000000000000000000000000000000000000";
  const view = (id: bigint, batchCount: number, closed = false, more: Partial<TaskView> = {}) =>
    ({ id, batchCount, batchesDone: 0, closed, redundancy: 1, claimTtl: 600, commitWindow: 3_600, deadline: 2_000_000_000, ...more }) as TaskView;

  it("keeps the open tasks with a batch that has a slot for the annotator; a closed task is not read", async () => {
    const reads: string[] = [];
    const client = {
      getBlock: async () => {
        reads.push("getBlock");
        return { timestamp: BigInt(CREATED_AT) };
      },
      readContract: async ({ functionName, args }: { functionName: string; args: [bigint, number, number?] }) => {
        reads.push(`${functionName} ${args.join("/")}`);
        const [taskId, batchId] = args;
        if (functionName === "getBatch") {
          // Task 1: batch 0 is done, batch 1 free. Task 2: every batch done.
          const done = taskId === 2n || batchId === 0;
          return [{ done, roundStart: 0, roundEnd: 1, committed: 0, commitDeadline: 0, revealOpensAt: 0 }, 0, 0n, 2n];
        }
        return [{ annotator: NOBODY, expiresAt: 0, state: 0 }, "0x"]; // getSlot: empty
      },
    } as unknown as PublicClient;
    const kept = await tasksWithFreeSlot(client, [view(1n, 2), view(2n, 2), view(3n, 2, true)], "0x0000000000000000000000000000000000000002");
    expect(kept.map((t) => t.id)).toEqual([1n]);
    // one block read for every task
    expect(reads.sort()).toEqual(["getBatch 1/0", "getBatch 1/1", "getBatch 2/0", "getBatch 2/1", "getBlock", "getSlot 1/1/0"]);
  });

  it("starts each poll at the batch the last one found free: one batch read while it stays free", async () => {
    // 100 batches, the first 80 done; batch 80 free, then (on the third poll) done too, with 81 free.
    let firstFree = 80;
    const reads: string[] = [];
    const client = {
      getBlock: async () => ({ timestamp: BigInt(CREATED_AT) }),
      readContract: async ({ functionName, args }: { functionName: string; args: [bigint, number, number?] }) => {
        reads.push(`${functionName} ${args.join("/")}`);
        if (functionName === "getBatch") return [{ done: args[1] < firstFree, roundStart: 0, roundEnd: 1, committed: 0, commitDeadline: 0, revealOpensAt: 0 }, 0, 0n, 2n];
        return [{ annotator: NOBODY, expiresAt: 0, state: 0 }, "0x"];
      },
    } as unknown as PublicClient;
    const poll = async () => {
      reads.length = 0;
      const kept = await tasksWithFreeSlot(client, [view(1n, 100)], "0x0000000000000000000000000000000000000002");
      return { kept: kept.map((t) => t.id), batchReads: reads.filter((r) => r.startsWith("getBatch")).length, slotReads: reads.filter((r) => r.startsWith("getSlot")) };
    };
    expect(await poll()).toEqual({ kept: [1n], batchReads: 96, slotReads: expect.any(Array) }); // chunks of 16 up to batch 80's
    expect(await poll()).toEqual({ kept: [1n], batchReads: 1, slotReads: ["getSlot 1/80/0"] });
    firstFree = 81;
    expect(await poll()).toEqual({ kept: [1n], batchReads: 1 + 16, slotReads: expect.arrayContaining(["getSlot 1/81/0"]) });
    expect(await poll()).toEqual({ kept: [1n], batchReads: 1, slotReads: ["getSlot 1/81/0"] });
    firstFree = 100; // every batch done: read round to batch 80 and dropped
    expect(await poll()).toEqual({ kept: [], batchReads: 100, slotReads: [] });
  });

  it("does not read a task with no slot again until a claim on it expires, its counters move, or a minute passes", async () => {
    const ME = "0x0000000000000000000000000000000000000002";
    const OTHER = "0x0000000000000000000000000000000000000003";
    type Slot = { annotator: string; expiresAt: number; state: number };
    /** A chain at block time `time` whose batches have one slot each, held as `slotOf` says; counts the reads. */
    const running = { done: false, roundStart: 0, roundEnd: 1, committed: 0, commitDeadline: 0, revealOpensAt: 0 };
    const chain = (slotOf: (batchId: number) => Slot, batch = running) => {
      const state = { time: CREATED_AT, reads: 0 };
      const client = {
        getBlock: async () => ({ timestamp: BigInt(state.time) }),
        readContract: async ({ functionName, args }: { functionName: string; args: [bigint, number, number?] }) => {
          state.reads++;
          if (functionName === "getBatch") return [batch, 0, 0n, 2n];
          return [slotOf(args[1]), "0x"];
        },
      } as unknown as PublicClient;
      return async (at: number, task: TaskView) => {
        state.time = at;
        state.reads = 0;
        const kept = await tasksWithFreeSlot(client, [task], ME);
        return { kept: kept.map((t) => t.id), reads: state.reads };
      };
    };

    // Batch 0 held by me, batch 1 claimed by another until CREATED_AT + 30.
    const claimed = chain((batchId) => ({ annotator: batchId === 0 ? ME : OTHER, expiresAt: CREATED_AT + 30, state: 1 }));
    expect(await claimed(CREATED_AT, view(1n, 2))).toEqual({ kept: [], reads: 4 }); // both batches and their slot
    expect(await claimed(CREATED_AT + 29, view(1n, 2))).toEqual({ kept: [], reads: 0 });
    expect(await claimed(CREATED_AT + 30, view(1n, 2))).toEqual({ kept: [1n], reads: 4 }); // the claim expired: batch 1 is free

    // Both batches committed by me: nothing expires, so only the counters or the minute bring a read.
    const held = chain(() => ({ annotator: ME, expiresAt: CREATED_AT + 600, state: 2 }));
    const task = view(2n, 2);
    expect(await held(CREATED_AT, task)).toEqual({ kept: [], reads: 4 });
    expect(await held(CREATED_AT + 59, task)).toEqual({ kept: [], reads: 0 });
    const moved = { ...task, pendingBatches: 1 }; // a first commit or a finalisation
    expect(await held(CREATED_AT + 59, moved)).toEqual({ kept: [], reads: 4 });
    expect(await held(CREATED_AT + 100, moved)).toEqual({ kept: [], reads: 0 });
    expect(await held(CREATED_AT + 59 + NO_SLOT_RECHECK_SECONDS, moved)).toEqual({ kept: [], reads: 4 });

    // Rounds too near their commit deadline, with nobody committed: read again when they restart, not a minute later.
    const ending = chain(() => ({ annotator: OTHER, expiresAt: CREATED_AT + 10, state: 1 }), { ...running, commitDeadline: CREATED_AT + 20 });
    const quiet = view(3n, 2);
    expect(await ending(CREATED_AT, quiet)).toEqual({ kept: [], reads: 2 }); // round-ending: no slot is read
    expect(await ending(CREATED_AT + 19, quiet)).toEqual({ kept: [], reads: 0 });
    expect(await ending(CREATED_AT + 20, quiet)).toEqual({ kept: [3n], reads: 4 });
  });

  it("reads no batch of a task whose batches are all done or whose claims are over before its deadline", async () => {
    const reads: string[] = [];
    const client = {
      getBlock: async () => ({ timestamp: BigInt(CREATED_AT) }),
      readContract: async ({ functionName, args }: { functionName: string; args: [bigint, number, number?] }) => {
        reads.push(`${functionName} ${args.join("/")}`);
        if (functionName === "getBatch") return [{ done: false, roundStart: 0, roundEnd: 1, committed: 0, commitDeadline: 0, revealOpensAt: 0 }, 0, 0n, 2n];
        return [{ annotator: NOBODY, expiresAt: 0, state: 0 }, "0x"];
      },
    } as unknown as PublicClient;
    const tasks = [
      view(1n, 2, false, { batchesDone: 2 }),
      view(2n, 2, false, { deadline: CREATED_AT + 599 }), // a claim's 600 s to commit would end after the deadline
      view(3n, 2, false, { deadline: CREATED_AT + 600 }), // just in time
    ];
    const kept = await tasksWithFreeSlot(client, tasks, "0x0000000000000000000000000000000000000002");
    expect(kept.map((t) => t.id)).toEqual([3n]);
    expect(reads.sort()).toEqual(["getBatch 3/0", "getBatch 3/1", "getSlot 3/0/0", "getSlot 3/1/0"]); // task 3's one chunk of batches
  });
});

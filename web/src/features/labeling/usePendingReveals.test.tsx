import { cleanup, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, type Hex } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { setTestConfig } from "../../test/testConfig.ts";
import { revealKey, useRevealStore, type RevealRecord } from "./useRevealStore.ts";
import { testRevealRecord } from "../../test/revealRecord.ts";

// Unit test of the pending-reveals read: the wallet and the chain are stubbed.
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const commitment = `0x${"33".repeat(32)}` as Hex;
const notFound = (functionName: string, args: readonly unknown[]) =>
  new ContractFunctionExecutionError(
    new ContractFunctionRevertedError({ abi: crowdlabelAbi, functionName, data: encodeErrorResult({ abi: crowdlabelAbi, errorName: "TaskNotFound" }) }),
    { abi: crowdlabelAbi, functionName, args },
  );
const reads: string[] = [];
/** The chain's head, and the state of slot 0 of task 1's batch 0 at a block (default: committed throughout). */
const chain = { head: 1_000n, slotStateAt: (_block: bigint): number => 2 };
const client = {
  getBlock: async () => ({ timestamp: 1_000n, number: chain.head }),
  readContract: async ({ functionName, args, blockNumber }: { functionName: string; args: readonly unknown[]; blockNumber?: bigint }) => {
    reads.push(`${functionName} ${String(args[0])}${blockNumber === undefined ? "" : ` @${blockNumber}`}`);
    // Task 9 is on no chain any more (a restarted local chain); task 1 has batch 0 open for reveal; in task 2 the
    // reveal window of batch 0 is over.
    if (args[0] === 9n) throw notFound(functionName, args);
    if (args[0] === 2n && functionName === "getBatch") return [{ round: 0, roundStart: 0, roundEnd: 2 }, 1, 100n, 2n];
    if (functionName === "getTask") return { revealWindow: 600 };
    if (functionName === "slotOf") return [true, 0];
    if (functionName === "getBatch") return [{ round: 0, roundStart: 0, roundEnd: 2 }, 1, 900n, 2n]; // phase Reveal since 900
    if (functionName === "getSlot") return [{ annotator: ACCOUNT, expiresAt: 0n, state: args[0] === 1n ? chain.slotStateAt(blockNumber ?? chain.head) : 2 }, commitment];
    throw new Error(`unexpected read ${functionName}`);
  },
};
vi.mock("wagmi", () => ({ useAccount: () => ({ address: ACCOUNT }), usePublicClient: () => client }));

import { usePendingReveals } from "./useMyWork.ts";

const record = (taskId: string): RevealRecord => testRevealRecord({ taskId, commitment });

beforeEach(() => {
  setTestConfig({}, { deploymentId: "dep" });
  Object.assign(chain, { head: 1_000n, slotStateAt: () => 2 });
  useRevealStore.setState({ records: { "dep|9|0|x": record("9"), "dep|1|0|x": record("1") } });
  reads.length = 0;
});
afterEach(cleanup);

describe("usePendingReveals", () => {
  it("lists the reveals it can read when another record's task is not on this chain", async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => usePendingReveals(() => undefined), { wrapper });
    await waitFor(() => expect(result.current.isSuccess || result.current.isError).toBe(true));
    expect(result.current.error).toBeNull();
    expect(result.current.data?.map((p) => [p.record.taskId, p.batch.status, p.matches])).toEqual([["1", "reveal-open", true]]);
  });

  it("reads a record whose reveal was missed once, then no more on later polls", async () => {
    useRevealStore.setState({ records: { "dep|1|0|x": record("1"), "dep|2|0|x": record("2") } });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => usePendingReveals(() => 600), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.map((p) => p.record.taskId)).toEqual(["1"]);
    expect(reads.filter((r) => r.endsWith(" 2"))).toEqual(["slotOf 2", "getBatch 2", "getSlot 2"]);
    reads.length = 0;
    await result.current.refetch();
    expect(reads.filter((r) => r.endsWith(" 2"))).toEqual([]);
    expect(reads.filter((r) => r.endsWith(" 1"))).toEqual(["slotOf 1", "getBatch 1", "getSlot 1"]);
  });

  it("counts a reveal as done only once its block is final: until then a reorg can drop it and the labels are needed again", async () => {
    setTestConfig({ chainId: 8453, rpcUrl: "http://127.0.0.1:1" }, { deploymentId: "dep" });
    // Revealed at block 980 (this browser's receipt); final = 64 blocks under the head.
    const key = revealKey(record("1"));
    useRevealStore.setState({ records: { [key]: { ...record("1"), revealTx: `0x${"ab".repeat(32)}`, revealBlock: 980 } } });
    const stored = () => useRevealStore.getState().records[key]!.status;
    chain.slotStateAt = (block) => (block >= 980n ? 3 : 2);
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => usePendingReveals(() => 600), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    // Head 1000: block 980 is not final yet, so nothing is read at depth and the record stays committed.
    expect(result.current.data).toEqual([]);
    expect(stored()).toBe("committed");
    expect(reads.some((r) => r.includes("@"))).toBe(false);

    // A reorg drops the reveal: the slot reads committed again, and the reveal is offered again.
    chain.head = 1_010n;
    chain.slotStateAt = () => 2;
    const afterReorg = await result.current.refetch();
    expect(afterReorg.data?.map((p) => [p.record.taskId, p.batch.status, p.matches])).toEqual([["1", "reveal-open", true]]);
    expect(stored()).toBe("committed");

    // Revealed again at block 1020; 64 blocks later it is final and the record is marked revealed.
    chain.slotStateAt = (block) => (block >= 1_020n ? 3 : 2);
    chain.head = 1_050n;
    await result.current.refetch();
    expect(stored()).toBe("committed");
    chain.head = 1_084n;
    reads.length = 0;
    await result.current.refetch();
    expect(reads).toContain("getSlot 1 @1020");
    expect(stored()).toBe("revealed");
  });

  it("marks a reveal done at once on a local chain, which does not reorg by itself", async () => {
    chain.slotStateAt = () => 3;
    const key = revealKey(record("1"));
    useRevealStore.setState({ records: { [key]: record("1") } });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => usePendingReveals(() => 600), { wrapper });
    await waitFor(() => expect(useRevealStore.getState().records[key]!.status).toBe("revealed"));
    expect(reads.some((r) => r.includes("@"))).toBe(false);
    expect(result.current.error).toBeNull();
  });
});

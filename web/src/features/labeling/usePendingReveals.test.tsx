import { cleanup, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, type Hex } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { setTestConfig } from "../../test/testConfig.ts";
import { useRevealStore, type RevealRecord } from "./useRevealStore.ts";

// Unit test of the pending-reveals read: the wallet and the chain are stubbed.
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const commitment = `0x${"33".repeat(32)}` as Hex;
const notFound = (functionName: string, args: readonly unknown[]) =>
  new ContractFunctionExecutionError(
    new ContractFunctionRevertedError({ abi: crowdlabelAbi, functionName, data: encodeErrorResult({ abi: crowdlabelAbi, errorName: "TaskNotFound" }) }),
    { abi: crowdlabelAbi, functionName, args },
  );
const reads: string[] = [];
const client = {
  getBlock: async () => ({ timestamp: 1_000n }),
  readContract: async ({ functionName, args }: { functionName: string; args: readonly unknown[] }) => {
    reads.push(`${functionName} ${String(args[0])}`);
    // Task 9 is on no chain any more (a restarted local chain); task 1 has batch 0 open for reveal; in task 2 the
    // reveal window of batch 0 is over.
    if (args[0] === 9n) throw notFound(functionName, args);
    if (args[0] === 2n && functionName === "getBatch") return [{ round: 0, roundStart: 0, roundEnd: 2 }, 1, 100n, 2n];
    if (functionName === "getTask") return { revealWindow: 600 };
    if (functionName === "slotOf") return [true, 0];
    if (functionName === "getBatch") return [{ round: 0, roundStart: 0, roundEnd: 2 }, 1, 900n, 2n]; // phase Reveal since 900
    if (functionName === "getSlot") return [{ annotator: ACCOUNT, expiresAt: 0n, state: 2 }, commitment];
    throw new Error(`unexpected read ${functionName}`);
  },
};
vi.mock("wagmi", () => ({ useAccount: () => ({ address: ACCOUNT }), usePublicClient: () => client }));

import { usePendingReveals } from "./useMyWork.ts";

const record = (taskId: string): RevealRecord => ({
  deploymentId: "dep",
  chainId: 31337,
  contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  taskId,
  batchId: 0,
  slot: 0,
  annotator: ACCOUNT,
  labels: "0x0001",
  salt: `0x${"11".repeat(32)}`,
  commitment,
  status: "committed",
  savedAt: 1,
});

beforeEach(() => {
  setTestConfig({}, { deploymentId: "dep" });
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
});

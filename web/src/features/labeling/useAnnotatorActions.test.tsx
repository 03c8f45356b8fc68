import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HttpRequestError, type Address, type Hex } from "viem";
import type { RunTxOptions, TxResult } from "../transactions/useTxRunner.ts";
import type { TaskView } from "../../lib/chainTasks.ts";
import { setTestConfig } from "../../test/testConfig.ts";
import { retryUnsavedWrites, useUnsavedWrites } from "../../lib/localWrites.ts";
import { useTxStore } from "../transactions/useTxStore.ts";
import { saltSignatureCache, signatureKey } from "./saltSignatures.ts";
import { REVEAL_STORE, useRevealStore } from "./useRevealStore.ts";

// Unit test of the commit's storage guard: the wallet, the chain and the transaction runner are stubbed.
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const run = vi.fn(async (_options: RunTxOptions): Promise<TxResult | { ok: true; hash: Hex }> => ({ ok: true as const, hash: `0x${"cd".repeat(32)}` as Hex }));
/** The token's answers to allowance and balanceOf. */
const token = { allowance: 0n, balance: 0n };
const client = {
  /** The RPC failing the reads that follow a claim request. */
  failClaimRequestRead: false,
  readContract: async ({ functionName }: { functionName: "allowance" | "balanceOf" | "claimRequestOf" }) => {
    if (functionName === "claimRequestOf") throw new HttpRequestError({ url: "http://127.0.0.1:8545", details: "fetch failed" });
    return functionName === "allowance" ? token.allowance : token.balance;
  },
  getBlock: async () => ({ number: 10n, timestamp: 1_000n }),
  simulateContract: async () => ({}),
};
/** The wallet's network (undefined: the app's). */
const account: { chainId: number | undefined } = { chainId: undefined };
const signTypedDataAsync = vi.fn();
vi.mock("wagmi", () => ({
  useAccount: () => ({ address: ACCOUNT, chainId: account.chainId }),
  usePublicClient: () => client,
  useWriteContract: () => ({ writeContractAsync: vi.fn() }),
  useSignTypedData: () => ({ signTypedDataAsync }),
}));
vi.mock("../transactions/useTxRunner.ts", () => ({ useTxRunner: () => run }));
vi.mock("../tasks/useClaimAvailability.ts", () => ({
  readClaimableFromChain: async () => ({ claimableBatches: 2, blocked: {}, nextFreeAt: null, nextRoundAt: null, complete: false, now: 1_000 }),
}));

import { UNSAVED_LABELS, useAnnotatorActions } from "./useAnnotatorActions.ts";

const QUOTA = 5_000_000; // jsdom's localStorage quota, in code units
const used = () => Object.keys(localStorage).reduce((n, key) => n + key.length + localStorage.getItem(key)!.length, 0);
const batch = { taskId: 1n, batchId: 0, slot: 0, labels: [1, 0, 1], classCount: 2 };

beforeEach(() => {
  setTestConfig({}, { deploymentId: "dep" });
  useRevealStore.setState({ records: {} });
  useTxStore.setState({ txs: [] });
  useUnsavedWrites.setState({ unsaved: {} });
  saltSignatureCache.set(signatureKey("dep", 1n, ACCOUNT), `0x${"ab".repeat(65)}`);
  run.mockClear();
});
afterEach(cleanup);

describe("commit with a full browser storage", () => {
  it("sends nothing while the reveal record cannot be saved, says why, and commits once it is", async () => {
    localStorage.setItem("other", "x".repeat(QUOTA - used() - "other".length - 100));
    const actions = renderHook(() => useAnnotatorActions()).result.current;

    const refused = await act(() => actions.commit([batch]));
    expect(refused).toEqual({ ok: false, cancelled: false, error: UNSAVED_LABELS });
    expect(run).not.toHaveBeenCalled();
    expect(useTxStore.getState().txs.map((t) => [t.title, t.status, t.error?.title])).toEqual([["Commit 1 batch", "failed", UNSAVED_LABELS.title]]);
    expect(JSON.parse(localStorage.getItem(REVEAL_STORE)!).state.records).toEqual({});
    // The record is still in this tab: room made, it is written and the commit goes ahead.
    expect(Object.keys(useRevealStore.getState().records)).toHaveLength(1);

    localStorage.removeItem("other");
    retryUnsavedWrites();
    expect(Object.keys(JSON.parse(localStorage.getItem(REVEAL_STORE)!).state.records)).toHaveLength(1);
    const sent = await act(() => actions.commit([batch]));
    expect(sent).toMatchObject({ ok: true });
    expect(run).toHaveBeenCalledTimes(1);
  });
});

describe("claim's bond approval", () => {
  it("over a partial allowance, resets it to 0 before approving (USDT refuses otherwise); with none, approves once", async () => {
    const task = { id: 1n, token: "0x00000000000000000000000000000000000000aa" as Address, bondPerClaim: 5n, batchSize: 4, batchCount: 10, claimTtl: 3_600, rewardPerLabel: 1n } as TaskView;
    const titles = async (allowance: bigint) => {
      token.allowance = allowance;
      token.balance = 100n;
      run.mockClear();
      // stop at the claim request: the steps before it are what is checked
      run.mockImplementation(async (options) => (options.explanation.title.startsWith("Claim") ? { ok: false, cancelled: true } : { ok: true, hash: `0x${"cd".repeat(32)}` as Hex }));
      const actions = renderHook(() => useAnnotatorActions()).result.current;
      await act(() => actions.claim(task, 2, { symbol: "USDT", decimals: 6, name: "Tether" }));
      return run.mock.calls.map(([options]) => `${options.explanation.step}: ${options.explanation.title}`);
    };
    expect(await titles(3n)).toEqual(["Step 1 of 4: Reset your USDT allowance to 0", "Step 2 of 4: Allow Crowdlabel to hold your bonds", "Step 3 of 4: Claim 2 batches"]);
    expect(await titles(0n)).toEqual(["Step 1 of 3: Allow Crowdlabel to hold your bonds", "Step 2 of 3: Claim 2 batches"]);
    expect(await titles(10n)).toEqual(["Step 1 of 2: Claim 2 batches"]);
  });
});

describe("a commit still pending when its sender stops waiting", () => {
  it("records its hash on the batch's reveal record, which stays prepared", async () => {
    const hash = `0x${"ef".repeat(32)}` as Hex;
    run.mockImplementationOnce(async () => ({ ok: false, cancelled: false, pendingHash: hash }));
    const actions = renderHook(() => useAnnotatorActions()).result.current;
    await act(() => actions.commit([batch]));
    expect(Object.values(useRevealStore.getState().records).map((r) => [r.status, r.commitTx])).toEqual([["prepared", hash]]);
  });
});

describe("steps that cannot be signed", () => {
  it("a commit with the wallet on another network asks for no salt signature and says to switch", async () => {
    account.chainId = 1;
    try {
      const actions = renderHook(() => useAnnotatorActions()).result.current;
      const outcome = await act(() => actions.commit([batch]));
      expect(outcome).toMatchObject({ ok: false, cancelled: false, error: { kind: "wrong-network" } });
      expect(signTypedDataAsync).not.toHaveBeenCalled();
      expect(run).not.toHaveBeenCalled();
      expect(useTxStore.getState().txs.map((t) => [t.title, t.status, t.error?.kind])).toEqual([["Commit 1 batch", "failed", "wrong-network"]]);
    } finally {
      account.chainId = undefined;
    }
  });

  it("a failed read right after the claim request is logged with the 256-block deadline to assign", async () => {
    const task = { id: 1n, token: "0x00000000000000000000000000000000000000aa" as Address, bondPerClaim: 0n, batchSize: 4, batchCount: 10, claimTtl: 3_600, rewardPerLabel: 1n } as TaskView;
    run.mockImplementation(async () => ({ ok: true, hash: `0x${"cd".repeat(32)}` as Hex }));
    client.failClaimRequestRead = true;
    try {
      const actions = renderHook(() => useAnnotatorActions()).result.current;
      const outcome = await act(() => actions.claim(task, 1, { symbol: "TST", decimals: 18, name: "Test" }));
      expect(outcome).toMatchObject({ ok: false, cancelled: false });
      const [logged] = useTxStore.getState().txs;
      expect([logged?.title, logged?.status]).toEqual(["Assign batches of task #1", "failed"]);
      expect(logged?.error?.fix).toMatch(/assign your batches from the task page within 256 blocks/);
    } finally {
      client.failClaimRequestRead = false;
    }
  });
});

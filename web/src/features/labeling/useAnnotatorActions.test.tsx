import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Hex } from "viem";
import { setTestConfig } from "../../test/testConfig.ts";
import { retryUnsavedWrites, useUnsavedWrites } from "../../lib/localWrites.ts";
import { useTxStore } from "../transactions/useTxStore.ts";
import { saltSignatureCache, signatureKey } from "./saltSignatures.ts";
import { REVEAL_STORE, useRevealStore } from "./useRevealStore.ts";

// Unit test of the commit's storage guard: the wallet, the chain and the transaction runner are stubbed.
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const run = vi.fn(async () => ({ ok: true as const, hash: `0x${"cd".repeat(32)}` as Hex }));
vi.mock("wagmi", () => ({
  useAccount: () => ({ address: ACCOUNT }),
  usePublicClient: () => ({}),
  useWriteContract: () => ({ writeContractAsync: vi.fn() }),
  useSignTypedData: () => ({ signTypedDataAsync: vi.fn() }),
}));
vi.mock("../transactions/useTxRunner.ts", () => ({ useTxRunner: () => run }));

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

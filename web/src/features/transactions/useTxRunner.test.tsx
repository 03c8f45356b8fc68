import { act, cleanup, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BaseError, WaitForTransactionReceiptTimeoutError, encodeErrorResult, type Hex, type ReplacementReason } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { setTestConfig } from "../../test/testConfig.ts";
import { useTxConfirmStore, type TxExplanation } from "./useTxConfirmStore.ts";
import { useTxRunner } from "./useTxRunner.ts";
import { LATE_RECEIPT_WAIT_MS, RECEIPT_WAIT_MS } from "./watchTx.ts";
import { useTxStore } from "./useTxStore.ts";

// Unit test of the runner alone: the wallet's chain and the receipt wait are stubbed.
const wallet = {
  chainId: 31337 as number | undefined,
  replacement: undefined as ReplacementReason | undefined,
  receiptError: undefined as Error | undefined,
  /** Receipt waits that time out before one returns. */
  timeouts: 0,
  waits: [] as number[],
};
vi.mock("wagmi", () => ({
  useConfig: () => ({}),
  useAccount: () => ({ address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", chainId: wallet.chainId }),
}));
vi.mock("wagmi/actions", () => ({
  waitForTransactionReceipt: async (_config: unknown, options: { hash: Hex; chainId: number; timeout: number; onReplaced?: (r: { reason: ReplacementReason }) => void }) => {
    wallet.waits.push(options.timeout);
    if (wallet.timeouts > 0 && wallet.timeouts--) throw new WaitForTransactionReceiptTimeoutError({ hash: options.hash });
    if (wallet.replacement) options.onReplaced?.({ reason: wallet.replacement });
    if (wallet.receiptError) throw wallet.receiptError;
    return { status: "success", transactionHash: options.hash, chainId: options.chainId };
  },
}));

const hash = `0x${"ab".repeat(32)}` as Hex;
const explanation: TxExplanation = { title: "Commit 1 batch", summary: "Records a hash of your labels." };

function runner() {
  const queryClient = new QueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
  return renderHook(() => useTxRunner(), { wrapper }).result.current;
}

beforeEach(() => {
  setTestConfig();
  useTxStore.setState({ txs: [] });
  wallet.chainId = 31337;
  wallet.replacement = undefined;
  wallet.receiptError = undefined;
  wallet.timeouts = 0;
  wallet.waits = [];
});
afterEach(cleanup);

describe("useTxRunner", () => {
  it("refuses before asking or sending when the wallet is on another chain", async () => {
    wallet.chainId = 1;
    const ask = vi.spyOn(useTxConfirmStore.getState(), "ask");
    const send = vi.fn(async () => hash);
    const run = runner();
    const result = await act(() => run({ explanation, send }));
    expect(send).not.toHaveBeenCalled();
    expect(ask).not.toHaveBeenCalled();
    expect(result).toMatchObject({ ok: false, cancelled: false, error: { kind: "wrong-network", title: "Your wallet is on chain 1; Crowdlabel runs on chain 31337." } });
    expect(useTxStore.getState().txs.map((t) => [t.title, t.status, t.error?.kind])).toEqual([["Commit 1 batch", "failed", "wrong-network"]]);
  });

  it("sends on the app's chain and reports the receipt", async () => {
    const send = vi.fn(async () => hash);
    const run = runner();
    const result = await act(() => run({ explanation, send, skipConfirm: true }));
    expect(send).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ ok: true, hash, receipt: { chainId: 31337 } });
    expect(useTxStore.getState().txs.map((t) => t.status)).toEqual(["confirmed"]);
  });

  it("a transaction cancelled or replaced in the wallet is a failure, a sped-up one is not", async () => {
    const outcomes: Array<[ReplacementReason, boolean, string | undefined]> = [];
    for (const reason of ["cancelled", "replaced", "repriced"] as const) {
      wallet.replacement = reason;
      const run = runner();
      const result = await act(() => run({ explanation, send: async () => hash, skipConfirm: true }));
      outcomes.push([reason, result.ok, result.ok ? undefined : result.error?.title]);
    }
    expect(outcomes).toEqual([
      ["cancelled", false, "The transaction was cancelled in your wallet."],
      ["replaced", false, "Your wallet replaced this transaction with a different one."],
      ["repriced", true, undefined],
    ]);
    expect(useTxStore.getState().txs.map((t) => t.status)).toEqual(["confirmed", "failed", "failed"]);
  });

  it("a transaction reverted on chain reports the decoded reason, or that the state moved on when the replay succeeds", async () => {
    const data = encodeErrorResult({ abi: crowdlabelAbi, errorName: "NoClaimRequest" });
    // What wagmi throws: the replay's call error when it still reverts, a plain Error of the return data read as text when not.
    wallet.receiptError = new BaseError("Execution reverted.", { cause: Object.assign(new Error("execution reverted"), { data }) });
    const first = runner();
    const stillReverts = await act(() => first({ explanation, send: async () => hash, skipConfirm: true }));
    wallet.receiptError = new Error("\u0000\u0000\u0003\u0001");
    const second = runner();
    const nowSucceeds = await act(() => second({ explanation, send: async () => hash, skipConfirm: true }));
    expect(stillReverts).toMatchObject({ ok: false, error: { kind: "contract", errorName: "NoClaimRequest", title: "You have no claim waiting in this task." } });
    expect(nowSucceeds).toMatchObject({ ok: false, cancelled: false, error: { kind: "contract", title: "The transaction was reverted on chain.", detail: `Reverted in transaction ${hash}.` } });
    expect(useTxStore.getState().txs.map((t) => t.status)).toEqual(["failed", "failed"]);
  });

  it("a receipt slower than RECEIPT_WAIT_MS gives the page back as still pending, and the log follows it to the end", async () => {
    wallet.timeouts = 1;
    const run = runner();
    const result = await act(() => run({ explanation, send: async () => hash, skipConfirm: true }));
    expect(result).toMatchObject({ ok: false, cancelled: false, error: { title: "Not confirmed after 3 minutes." } });
    await vi.waitFor(() => expect(useTxStore.getState().txs.map((t) => t.status)).toEqual(["confirmed"]));
    expect(wallet.waits).toEqual([RECEIPT_WAIT_MS, LATE_RECEIPT_WAIT_MS]);
    // With no receipt in the late watch either, it is marked lost.
    wallet.timeouts = 2;
    const again = runner();
    await act(() => again({ explanation, send: async () => hash, skipConfirm: true }));
    await vi.waitFor(() => expect(useTxStore.getState().txs[0]).toMatchObject({ status: "failed", error: { title: "Lost track of this transaction: no receipt after 30 minutes." } }));
  });
});

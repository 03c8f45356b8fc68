import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryRouter, RouterProvider } from "react-router";
import { TOAST_AUTO_DISMISS_MS, TxToasts } from "./TxToasts.tsx";
import { useTxStore } from "./useTxStore.ts";
import { BaseError, encodeErrorResult, type ReplacementReason } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";

vi.mock("wagmi", () => ({ useConfig: () => ({}), useChains: () => [] }));
// The receipt wait, stubbed: never settles unless a test says what it does.
type WaitOptions = { hash?: string; onReplaced?: (r: { reason: ReplacementReason }) => void };
const receipt = { wait: (_options: WaitOptions): Promise<unknown> => new Promise(() => undefined) };
vi.mock("wagmi/actions", () => ({ waitForTransactionReceipt: (_config: unknown, options: WaitOptions) => receipt.wait(options) }));

const hash = `0x${"ab".repeat(32)}` as const;

function renderAt(handle?: object) {
  const router = createMemoryRouter([{ path: "/", element: <TxToasts />, handle }]);
  return render(<RouterProvider router={router} />);
}

beforeEach(() => {
  receipt.wait = () => new Promise(() => undefined);
  vi.useFakeTimers({ shouldAdvanceTime: true });
  useTxStore.setState({ txs: [] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("transaction toasts", () => {
  it("confirmed toasts go away on their own; failed ones stay with their message until dismissed", async () => {
    const { add } = useTxStore.getState();
    act(() => {
      add({ chainId: 31337, account: "0x1", title: "Assign my batches", status: "confirmed", hash });
      add({ chainId: 31337, account: "0x1", title: "Commit 1 batch", status: "failed", error: { kind: "contract", title: "The claim expired.", fix: "Claim again." } });
    });
    renderAt();
    expect((await screen.findByTestId("tx-toast-confirmed")).textContent).toContain("Assign my batches");
    expect(screen.getByTestId("tx-hash").textContent).toContain("0xababab…abab");
    const failed = screen.getByTestId("tx-toast-failed");
    expect(failed.textContent).toContain("The claim expired.");
    expect(failed.textContent).toContain("Claim again.");

    act(() => vi.advanceTimersByTime(TOAST_AUTO_DISMISS_MS + 100));
    expect(screen.queryByTestId("tx-toast-confirmed")).toBeNull();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.queryByTestId("tx-toast-failed")).not.toBeNull();
    act(() => screen.getByRole("button", { name: "Dismiss" }).click());
    expect(screen.queryByTestId("tx-toast-failed")).toBeNull();
  });

  it("sits over the header on pages that ask for it (the labeling workspace), in the corner elsewhere", async () => {
    const { unmount } = renderAt({ toasts: "top" });
    expect((await screen.findByTestId("tx-toasts")).classList.contains("top")).toBe(true);
    unmount();
    renderAt();
    expect((await screen.findByTestId("tx-toasts")).classList.contains("corner")).toBe(true);
  });

  it("after a reload, a pending transaction the wallet cancelled is a failure, and a reverted one says why", async () => {
    const { add } = useTxStore.getState();
    const data = encodeErrorResult({ abi: crowdlabelAbi, errorName: "TaskIsClosed" });
    receipt.wait = async (options: WaitOptions) => {
      // viem answers a replaced transaction with the replacement's receipt (a success) after telling onReplaced.
      if (options.hash === hash) {
        options.onReplaced?.({ reason: "cancelled" });
        return { status: "success" };
      }
      throw new BaseError("Execution reverted.", { cause: Object.assign(new Error("execution reverted"), { data }) });
    };
    act(() => {
      add({ chainId: 31337, account: "0x1", title: "Close task 3", status: "pending", hash });
      add({ chainId: 31337, account: "0x1", title: "Finalise batch 0", status: "pending", hash: `0x${"cd".repeat(32)}` });
    });
    renderAt();
    await vi.waitFor(() => expect(useTxStore.getState().txs.map((t) => t.status)).toEqual(["failed", "failed"]));
    const [finalise, close] = ["Finalise batch 0", "Close task 3"].map((title) => useTxStore.getState().txs.find((t) => t.title === title));
    expect(close!.error?.title).toBe("The transaction was cancelled in your wallet.");
    expect(finalise!.error).toMatchObject({ errorName: "TaskIsClosed" });
  });
});

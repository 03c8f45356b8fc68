import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryRouter, RouterProvider } from "react-router";
import { TOAST_AUTO_DISMISS_MS, TxToasts } from "./TxToasts.tsx";
import { useTxStore } from "./useTxStore.ts";

vi.mock("wagmi", () => ({ useConfig: () => ({}), useChains: () => [] }));
vi.mock("wagmi/actions", () => ({ waitForTransactionReceipt: () => new Promise(() => undefined) }));

const hash = `0x${"ab".repeat(32)}` as const;

function renderAt(handle?: object) {
  const router = createMemoryRouter([{ path: "/", element: <TxToasts />, handle }]);
  return render(<RouterProvider router={router} />);
}

beforeEach(() => {
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
});

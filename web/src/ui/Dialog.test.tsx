import { act, cleanup, fireEvent, render } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Dialog } from "./Dialog.tsx";

afterEach(cleanup);

describe("Dialog", () => {
  it("keeps the user's focus when the page behind re-renders with a new onClose", () => {
    let rerender: () => void = () => undefined;
    const closed = vi.fn();
    function Page() {
      const [n, setN] = useState(0);
      rerender = () => setN((x) => x + 1);
      return (
        <Dialog open title="Instructions" onClose={() => closed(n)}>
          <a href="#examples" data-testid="link">
            Examples
          </a>
        </Dialog>
      );
    }
    const { getByTestId, getByLabelText } = render(<Page />);
    expect(document.activeElement).toBe(getByLabelText("Close"));
    getByTestId("link").focus();
    act(() => rerender());
    expect(document.activeElement).toBe(getByTestId("link"));
    // Escape calls the latest onClose, not the one of the first render.
    fireEvent.keyDown(window, { key: "Escape" });
    expect(closed.mock.calls).toEqual([[1]]);
  });

  it("focuses the action marked data-autofocus, not the ✕ that comes first in the page", () => {
    const { getByTestId } = render(
      <Dialog open title="Claim 2 batches" onClose={() => undefined} actions={<><button type="button">Cancel</button><button type="button" className="primary" data-autofocus data-testid="sign">Sign transaction</button></>}>
        <p>Bond 2 tUSD</p>
      </Dialog>,
    );
    expect(document.activeElement).toBe(getByTestId("sign"));
  });

  it("swallows a held Enter, so the key that opened the dialog cannot press its button", () => {
    const { getByTestId } = render(
      <Dialog open title="Commit" onClose={() => undefined} actions={<button type="button" className="primary" data-testid="sign">Sign</button>}>
        <p>Commit</p>
      </Dialog>,
    );
    expect(fireEvent.keyDown(getByTestId("sign"), { key: "Enter", repeat: true })).toBe(false);
    expect(fireEvent.keyDown(getByTestId("sign"), { key: "Enter" })).toBe(true);
  });

  it("returns focus to the control that opened it once that control is enabled again", () => {
    vi.useFakeTimers();
    try {
      function Page({ open, busy }: { open: boolean; busy: boolean }) {
        return (
          <>
            <button type="button" disabled={busy} data-testid="claim">
              Claim
            </button>
            <Dialog open={open} title="Claim" onClose={() => undefined}>
              <p>Bond</p>
            </Dialog>
          </>
        );
      }
      const { getByTestId, rerender } = render(<Page open={false} busy={false} />);
      getByTestId("claim").focus();
      rerender(<Page open busy={false} />);
      expect(document.activeElement).not.toBe(getByTestId("claim"));
      // Signed: the dialog closes while the claim's transaction runs and its button is disabled.
      rerender(<Page open={false} busy />);
      expect(document.activeElement).toBe(document.body);
      rerender(<Page open={false} busy={false} />);
      act(() => vi.advanceTimersByTime(200));
      expect(document.activeElement).toBe(getByTestId("claim"));
    } finally {
      vi.useRealTimers();
    }
  });
});

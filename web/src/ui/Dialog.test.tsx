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
});

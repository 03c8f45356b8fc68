import { cleanup, fireEvent, render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useShortcutStore } from "../../ui/useShortcutStore.ts";
import { useTaskPageKeys, type TaskPageKey } from "./useTaskPageKeys.ts";

afterEach(cleanup);

function Page({ keys }: { keys: TaskPageKey[] }) {
  useTaskPageKeys(keys);
  return <input aria-label="Batches" type="number" />;
}

describe("useTaskPageKeys", () => {
  it("runs the offered action of a key, lists every key in the sheet, and leaves g navigation on", () => {
    const claim = vi.fn();
    const { unmount } = render(<Page keys={[{ key: "c", label: "Claim", run: claim }, { key: "r", label: "Reveal", run: undefined }]} />);
    expect(useShortcutStore.getState().page).toEqual({ title: "Task page", shortcuts: [{ keys: ["c"], label: "Claim" }, { keys: ["r"], label: "Reveal" }] });
    fireEvent.keyDown(window, { key: "c" });
    fireEvent.keyDown(window, { key: "r" }); // not offered now: nothing happens
    expect(claim).toHaveBeenCalledTimes(1);
    unmount();
    expect(useShortcutStore.getState().page).toBeNull();
  });

  it("ignores keys typed in a field, with a modifier, or while a dialog is open", () => {
    const claim = vi.fn();
    const { getByLabelText } = render(<Page keys={[{ key: "c", label: "Claim", run: claim }]} />);
    fireEvent.keyDown(getByLabelText("Batches"), { key: "c" });
    fireEvent.keyDown(window, { key: "c", ctrlKey: true });
    const dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    document.body.append(dialog);
    fireEvent.keyDown(window, { key: "c" });
    dialog.remove();
    expect(claim).not.toHaveBeenCalled();
    fireEvent.keyDown(window, { key: "c" });
    expect(claim).toHaveBeenCalledTimes(1);
  });
});

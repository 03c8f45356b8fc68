import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { setTestConfig } from "../../test/testConfig.ts";

// Unit test of the workspace page: the chain reads, actions and image loading are stubbed.
const ACCOUNT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const commit = vi.fn(async () => ({ ok: false, cancelled: true }));
const reads = { taskError: null as Error | null, workError: null as Error | null };
const task = { id: 1n, itemCount: 3, batchSize: 3, classCount: 2, manifestCid: "bafy", revealWindow: 60 };
const manifest = {
  title: "Digits",
  instructions: "",
  examples: [],
  batchSize: 3,
  classes: [
    { id: 0, name: "zero", hotkey: "0", colour: "#000000" },
    { id: 1, name: "one", hotkey: "1", colour: "#111111" },
  ],
  items: [0, 1, 2].map((i) => ({ cid: `bafk${i}`, mediaType: "image/png", width: 8, height: 8 })),
};
vi.mock("wagmi", () => ({ useAccount: () => ({ address: ACCOUNT, isConnected: true }), useBlock: () => ({}) }));
vi.mock("../wallet/RequireWallet.tsx", () => ({ RequireWallet: ({ children }: { children: unknown }) => children }));
vi.mock("../tasks/queries.ts", () => ({
  useTask: () => (reads.taskError ? { data: undefined, error: reads.taskError } : { data: task, error: null }),
  useManifest: (cid: string | undefined) => ({ data: cid ? manifest : undefined, error: null }),
}));
vi.mock("./useMyWork.ts", () => ({
  useMyWork: () =>
    reads.workError
      ? { isLoading: false, data: undefined, error: reads.workError, refetch: vi.fn() }
      : { isLoading: false, data: { batches: [{ batchId: 0, slotIndex: 0, status: "label", expiresAt: 4e9, itemCount: 3 }] }, error: null },
}));
vi.mock("./useAnnotatorActions.ts", () => ({ useAnnotatorActions: () => ({ commit }) }));
vi.mock("./useVerifiedImage.ts", () => ({ useVerifiedImage: () => ({ status: "loading" }), prefetchImages: () => undefined }));

import { LabelingPage } from "./LabelingPage.tsx";
import { sessionKey, useLabelingStore } from "./useLabelingStore.ts";
import { useRevealStore } from "./useRevealStore.ts";
import { testRevealRecord } from "../../test/revealRecord.ts";
import { useTxStore } from "../transactions/useTxStore.ts";

const key = sessionKey({ deploymentId: "dep", taskId: 1n, batchId: 0, annotator: ACCOUNT });
const pendingRecord = testRevealRecord({ status: "prepared", labels: "0x000101" });

function renderWorkspace(labels: number[] = [0, 1, 1]) {
  useLabelingStore.getState().open(key, 3);
  for (const v of labels) useLabelingStore.getState().label(key, v, true);
  render(
    <MemoryRouter initialEntries={["/tasks/1/label/0"]}>
      <Routes>
        <Route path="/tasks/:taskId/label/:batchId" element={<LabelingPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  setTestConfig({}, { deploymentId: "dep" });
  useLabelingStore.setState({ sessions: {} });
  useRevealStore.setState({ records: {} });
  useTxStore.setState({ txs: [] });
  reads.taskError = null;
  reads.workError = null;
  commit.mockClear();
});
afterEach(cleanup);

describe("labeling workspace keys", () => {
  it("Enter commits a finished batch, but on a focused button or link it presses that control", () => {
    renderWorkspace();
    const instructions = screen.getByTestId("open-instructions");
    instructions.focus();
    expect(fireEvent.keyDown(instructions, { key: "Enter" })).toBe(true); // default (the click) not prevented
    const link = screen.getByRole("link", { name: "Tasks" });
    link.focus();
    expect(fireEvent.keyDown(link, { key: "Enter" })).toBe(true);
    expect(commit).not.toHaveBeenCalled();
    instructions.blur();
    expect(fireEvent.keyDown(document.body, { key: "Enter" })).toBe(false);
    expect(commit).toHaveBeenCalledTimes(1);
  });

  it("Space on a focused filmstrip image selects it instead of skipping", () => {
    renderWorkspace([1]);
    const third = screen.getByRole("button", { name: /^Image 3/ });
    third.focus();
    expect(fireEvent.keyDown(third, { key: " " })).toBe(true);
    expect(useLabelingStore.getState().sessions[key]!.skipped).toEqual([]);
    fireEvent.keyDown(document.body, { key: " " });
    expect(useLabelingStore.getState().sessions[key]!.skipped).toEqual([1]);
  });

  it("keeps the hotkeys working while the auto-advance checkbox has focus, and leaves Space to it", () => {
    renderWorkspace([0]);
    const checkbox = screen.getByTestId("auto-advance");
    checkbox.focus();
    expect(fireEvent.keyDown(checkbox, { key: "1" })).toBe(false); // handled as a hotkey
    expect(useLabelingStore.getState().sessions[key]!.labels).toEqual([0, 1, null]);
    expect(fireEvent.keyDown(checkbox, { key: " " })).toBe(true); // Space toggles the checkbox, no skip
    expect(useLabelingStore.getState().sessions[key]!.skipped).toEqual([]);
  });

  it("announces the image, its label and the progress in a polite status", () => {
    renderWorkspace([0]);
    const status = screen.getByTestId("workspace-announcement");
    expect(status.getAttribute("role")).toBe("status");
    expect(status.textContent).toBe("Image 2 of 3, not labeled. 1 of 3 labeled.");
    fireEvent.keyDown(document.body, { key: "1" });
    expect(status.textContent).toBe("Image 3 of 3, not labeled. 2 of 3 labeled.");
    fireEvent.keyDown(document.body, { key: "ArrowLeft" });
    expect(status.textContent).toBe("Image 2 of 3, labeled one. 2 of 3 labeled.");
  });

  it("a mouse click on a class button leaves no focus behind, so the hotkeys keep working", () => {
    renderWorkspace([]);
    const button = screen.getByTestId("class-1");
    expect(fireEvent.mouseDown(button, { button: 0 })).toBe(false); // focus change prevented
  });
});

describe("a commit still pending", () => {
  it("keeps the batch as sent: no second commit (it would revert), labels locked, until the transaction settles", () => {
    const hash = `0x${"cd".repeat(32)}` as const;
    useRevealStore.setState({ records: { [key]: { ...pendingRecord, commitTx: hash } } });
    useTxStore.setState({ txs: [{ id: "t1", hash, chainId: 31337, account: ACCOUNT, title: "Commit 1 batch", status: "pending", createdAt: 1, updatedAt: 1, dismissed: false }] });
    renderWorkspace();
    expect(screen.getByTestId("commit-pending").textContent).toContain("Commit sent, waiting for confirmation");
    expect(screen.queryByTestId("commit-batch")).toBeNull();
    fireEvent.keyDown(document.body, { key: "Enter" });
    fireEvent.keyDown(document.body, { key: "0" });
    expect(commit).not.toHaveBeenCalled();
    expect(useLabelingStore.getState().sessions[key]!.labels).toEqual([0, 1, 1]);
    // Dropped: the batch opens again for its commit.
    act(() => useTxStore.getState().update("t1", { status: "failed" }));
    expect(screen.queryByTestId("commit-pending")).toBeNull();
    fireEvent.keyDown(document.body, { key: "Enter" });
    expect(commit).toHaveBeenCalledTimes(1);
  });
});

describe("labeling page when the chain cannot be read", () => {
  it("says the task could not be read instead of loading forever", () => {
    reads.taskError = new Error("HTTP request failed. URL: http://127.0.0.1:8545 fetch failed");
    renderWorkspace();
    expect(document.querySelector(".skeleton")).toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("Could not read the task from the chain");
  });

  it("says the batches could not be read instead of 'you hold no slot'", () => {
    reads.workError = new Error("fetch failed");
    renderWorkspace();
    const alert = screen.getByTestId("work-read-error");
    expect(alert.textContent).toContain("Could not read your batches from the chain");
    expect(screen.queryByText(/You hold no slot/)).toBeNull();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { setTestConfig } from "../../test/testConfig.ts";

const OWNER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const run = vi.fn(() => new Promise(() => undefined)); // a tx still waiting for the wallet / receipt
const task = {
  id: 7n, owner: OWNER, token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", manifestCid: "bafyman", itemCount: 4, batchSize: 2, batchCount: 2,
  classCount: 2, redundancy: 1, maxRedundancy: 1, batchesDone: 2, pendingBatches: 0, deadline: 1, closed: false, revealWindow: 3_600,
  funded: 100n, paid: 40n, bondsForfeited: 0n, bondsHeld: 0n, goldCommitment: "0x" + "ab".repeat(32), goldRevealed: false,
};
vi.mock("wagmi", () => ({
  useAccount: () => ({ address: OWNER }),
  useBlock: () => ({ data: { timestamp: 10n } }),
  usePublicClient: () => publicClient,
  useWriteContract: () => ({ writeContractAsync: vi.fn() }),
}));
vi.mock("../tasks/queries.ts", () => ({
  useTask: () => ({ data: task, error: null }),
  useManifest: () => ({ data: undefined, error: null }),
  useTokenMeta: () => ({ symbol: "TT", decimals: 18, name: "TT" }),
}));
const finalise = vi.fn(async () => ({ ok: true }));
vi.mock("../labeling/useAnnotatorActions.ts", () => ({ useAnnotatorActions: () => ({ finalise }) }));
/** getBatch as the chain answers it: `phaseOf(batchId)`, a round whose reveal opened at 1,000. */
const phaseOf = { value: (_batchId: number) => 2 };
const publicClient = {
  readContract: vi.fn(async ({ args }: { args: [bigint, number] }) => {
    const phase = phaseOf.value(args[1]);
    return [{ round: 0, roundEnd: 2, committed: phase === 0 ? 1 : 2, revealed: phase >= 2 ? 2 : 0 }, phase, 1_000n, 2n];
  }),
};
vi.mock("../transactions/useTxRunner.ts", () => ({ useTxRunner: () => run }));
const dataset = { value: { data: undefined, isLoading: true, error: null } as { data: undefined; isLoading: boolean; error: Error | null } };
vi.mock("./useTaskAnalytics.ts", () => ({
  useTaskStats: () => ({ data: undefined, isError: true }),
  useDatasetSource: () => dataset.value,
  useBatchPhases: (...args: unknown[]) => batchPhases(...args),
  BATCH_PAGE_SIZE: 50,
}));
const batchPhases = vi.fn((..._args: unknown[]) => ({ data: [] }));
vi.mock("./ExportPanel.tsx", () => ({ ExportPanel: () => null }));
vi.mock("../profile/Earnings.tsx", () => ({ Earnings: () => null }));
vi.mock("../labeling/useVerifiedImage.ts", () => ({ useVerifiedImage: () => ({ status: "loading" }) }));

import { TaskDashboardPage } from "./TaskDashboardPage.tsx";
import { useGoldStore } from "./useGoldStore.ts";
import { makeGold } from "@crowdlabel/sdk";

function renderDashboard() {
  render(
    <MemoryRouter initialEntries={["/owner/tasks/7"]}>
      <Routes>
        <Route path="/owner/tasks/:taskId" element={<TaskDashboardPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

function renderSettle() {
  renderDashboard();
  fireEvent.click(screen.getByTestId("tab-settle"));
}

beforeEach(() => {
  setTestConfig({ token: task.token }, { deploymentId: "dep" });
  useGoldStore.setState({ files: {} });
  run.mockClear();
  batchPhases.mockClear();
  finalise.mockClear();
  publicClient.readContract.mockClear();
  task.batchCount = 2;
  dataset.value = { data: undefined, isLoading: true, error: null };
});
afterEach(cleanup);

describe("owner dashboard actions", () => {
  it("Close task cannot be sent twice while the first close is in flight", () => {
    renderSettle();
    const close = screen.getByTestId("close-task") as HTMLButtonElement;
    fireEvent.click(close);
    expect(run).toHaveBeenCalledTimes(1);
    expect(close.disabled).toBe(true);
  });

  it("Reveal gold cannot be sent twice while the first reveal is in flight", () => {
    useGoldStore.getState().save(makeGold({ answers: { 0: 1 }, classCount: 2, chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", manifestCid: "bafyman", salt: ("0x" + "11".repeat(32)) as `0x${string}` }));
    // make the stored file match the task
    task.goldCommitment = Object.values(useGoldStore.getState().files)[0]!.commitment;
    renderSettle();
    const reveal = screen.getByTestId("reveal-gold") as HTMLButtonElement;
    fireEvent.click(reveal);
    expect(run).toHaveBeenCalledTimes(1);
    expect(reveal.disabled).toBe(true);
  });

  it("Reveal gold waits until labeling is over, and says why", () => {
    useGoldStore.getState().save(makeGold({ answers: { 0: 1 }, classCount: 2, chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", manifestCid: "bafyman", salt: ("0x" + "11".repeat(32)) as `0x${string}` }));
    task.goldCommitment = Object.values(useGoldStore.getState().files)[0]!.commitment;
    Object.assign(task, { batchesDone: 1, deadline: 100 }); // the block's time is 10: one batch still takes labels
    try {
      renderSettle();
      expect((screen.getByTestId("reveal-gold") as HTMLButtonElement).disabled).toBe(true);
      expect(screen.getByTestId("gold-wait").textContent).toMatch(/^Reveal them once labeling is over: after the deadline, when every batch is done, or once you close the task\./);
      cleanup();
      task.deadline = 10; // the deadline has come
      renderSettle();
      expect((screen.getByTestId("reveal-gold") as HTMLButtonElement).disabled).toBe(false);
      expect(screen.queryByTestId("gold-wait")).toBeNull();
    } finally {
      Object.assign(task, { batchesDone: 2, deadline: 1 });
    }
  });

  it("gold saved in this browser that does not match the on-chain commitment is not offered for reveal", () => {
    task.goldCommitment = "0x" + "ab".repeat(32);
    useGoldStore.getState().save(makeGold({ answers: { 0: 1 }, classCount: 2, chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3", manifestCid: "bafyman" }));
    renderSettle();
    expect(screen.queryByText(/gold answers ready \(saved in this browser\)/)).toBeNull();
    expect((screen.getByTestId("reveal-gold") as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("owner dashboard when the chain events or manifest cannot be read", () => {
  it("says the label data could not be loaded instead of 'No image resolved yet'", () => {
    dataset.value = { data: undefined, isLoading: false, error: new Error("HTTP request failed: eth_getLogs block range too large") };
    render(
      <MemoryRouter initialEntries={["/owner/tasks/7"]}>
        <Routes>
          <Route path="/owner/tasks/:taskId" element={<TaskDashboardPage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(document.body.textContent).not.toContain("No image resolved yet");
    expect(screen.getByTestId("dataset-source-error").textContent).toContain("block range too large");
  });

  it("reads batch phases from the chain only while the batch table is shown, a page of 50 at a time", () => {
    task.batchCount = 120;
    renderDashboard();
    expect(batchPhases).toHaveBeenLastCalledWith(7n, 120, 0, false);
    fireEvent.click(screen.getByTestId("tab-batches"));
    expect(batchPhases).toHaveBeenLastCalledWith(7n, 120, 0, true);
    expect(screen.getByTestId("batch-page").textContent).toBe("batches 0–49 of 120");
    fireEvent.click(screen.getByLabelText("Next batches"));
    fireEvent.click(screen.getByLabelText("Next batches"));
    expect(batchPhases).toHaveBeenLastCalledWith(7n, 120, 2, true);
    expect(screen.getByTestId("batch-page").textContent).toBe("batches 100–119 of 120");
    expect((screen.getByLabelText("Next batches") as HTMLButtonElement).disabled).toBe(true);
  });

  it("with more batches than a page, says how many await finalisation across the task and finalises the ready ones of every page", async () => {
    task.batchCount = 120;
    task.pendingBatches = 7;
    phaseOf.value = (batchId) => ([3, 77, 110].includes(batchId) ? 2 : batchId % 2 ? 1 : 3);
    try {
      renderDashboard();
      fireEvent.click(screen.getByTestId("tab-batches"));
      expect(screen.getByTestId("finalise-other-pages").textContent).toContain("7 batches of this task have commits not finalised yet");
      fireEvent.click(screen.getByTestId("dashboard-finalise-task"));
      await waitFor(() => expect(finalise).toHaveBeenCalledTimes(1));
      expect(finalise).toHaveBeenCalledWith(7n, [3, 77, 110], undefined, [2, 2, 2]); // the round ends just read
      expect(publicClient.readContract).toHaveBeenCalledTimes(120);
      cleanup();
      task.batchCount = 2;
      renderDashboard();
      fireEvent.click(screen.getByTestId("tab-batches"));
      expect(screen.queryByTestId("finalise-other-pages")).toBeNull(); // one page: its own bar covers every batch
    } finally {
      task.pendingBatches = 0;
    }
  });

  it("when no batch of the task is ready, says when the first will be and sends nothing", async () => {
    task.batchCount = 120;
    task.pendingBatches = 3;
    phaseOf.value = (batchId) => (batchId < 2 ? 1 : batchId === 2 ? 0 : 3);
    try {
      renderDashboard();
      fireEvent.click(screen.getByTestId("tab-batches"));
      fireEvent.click(screen.getByTestId("dashboard-finalise-task"));
      const note = await screen.findByTestId("finalise-task-note");
      // Reveal opened at 1,000 with a one-hour window; the block is at 10 s.
      expect(note.textContent).toBe(
        "No batch of this task can be finalised now: 2 batches being revealed (the first reveal window ends in 1h 16m), 1 batch collecting commits (the first reveal opens in 16m). Nothing was sent.",
      );
      expect(finalise).not.toHaveBeenCalled();
    } finally {
      task.pendingBatches = 0;
    }
  });
});

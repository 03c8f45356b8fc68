import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { setTestConfig } from "../../test/testConfig.ts";

const OWNER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const run = vi.fn(() => new Promise(() => undefined)); // a tx still waiting for the wallet / receipt
const task = {
  id: 7n, owner: OWNER, token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", manifestCid: "bafyman", itemCount: 4, batchSize: 2, batchCount: 2,
  classCount: 2, redundancy: 1, maxRedundancy: 1, batchesDone: 2, pendingBatches: 0, deadline: 1, closed: false,
  funded: 100n, paid: 40n, bondsForfeited: 0n, bondsHeld: 0n, goldCommitment: "0x" + "ab".repeat(32), goldRevealed: false,
};
vi.mock("wagmi", () => ({
  useAccount: () => ({ address: OWNER }),
  useBlock: () => ({ data: { timestamp: 10n } }),
  usePublicClient: () => ({}),
  useWriteContract: () => ({ writeContractAsync: vi.fn() }),
}));
vi.mock("../tasks/queries.ts", () => ({
  useTask: () => ({ data: task, error: null }),
  useManifest: () => ({ data: undefined, error: null }),
  useTokenMeta: () => ({ symbol: "TT", decimals: 18, name: "TT" }),
}));
vi.mock("../labeling/useAnnotatorActions.ts", () => ({ useAnnotatorActions: () => ({ finalise: vi.fn() }) }));
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
    task.goldCommitment = useGoldStore.getState().files["bafyman"]!.commitment;
    renderSettle();
    const reveal = screen.getByTestId("reveal-gold") as HTMLButtonElement;
    fireEvent.click(reveal);
    expect(run).toHaveBeenCalledTimes(1);
    expect(reveal.disabled).toBe(true);
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

  it("with more batches than a page, says how many await finalisation across the task and which command settles them all", () => {
    task.batchCount = 120;
    task.pendingBatches = 7;
    try {
      renderDashboard();
      fireEvent.click(screen.getByTestId("tab-batches"));
      expect(screen.getByTestId("finalise-other-pages").textContent).toContain("7 batches of this task have commits not finalised yet");
      expect(screen.getByTestId("finalise-other-pages").textContent).toContain("crowdlabel finalise --task 7 --yes");
      cleanup();
      task.batchCount = 2;
      renderDashboard();
      fireEvent.click(screen.getByTestId("tab-batches"));
      expect(screen.queryByTestId("finalise-other-pages")).toBeNull(); // one page: its own bar covers every batch
    } finally {
      task.pendingBatches = 0;
    }
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { setTestConfig } from "../../test/testConfig.ts";

const tokenReads = { data: undefined as unknown };
vi.mock("wagmi", () => ({
  useAccount: () => ({ address: undefined }),
  useReadContract: () => ({ data: undefined }),
  usePublicClient: () => undefined,
  useReadContracts: () => ({ data: tokenReads.data }),
}));

import { TaskCard } from "./TaskCard.tsx";

const task = {
  id: 3n, owner: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", manifestCid: "bafy", title: "Cats",
  itemCount: 10, batchSize: 5, batchCount: 2, classCount: 2, redundancy: 3, maxRedundancy: 5, minAgreement: 2,
  rewardPerLabel: 500_000n, // 0.5 of a 6-decimal token (USDC-like)
  bondPerClaim: 0n, deadline: 4e9, closed: false, funded: 0n, paid: 0n, batchesDone: 0, pendingBatches: 0, minLabelsRevealed: 0, minAgreementBps: 0,
} as never;

afterEach(cleanup);

function renderCard() {
  setTestConfig({}, { deploymentId: "dep" });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <TaskCard task={task} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("task card while the token decimals are unknown", () => {
  it("does not show a 6-decimal reward as if the token had 18 decimals while decimals() is unread", () => {
    tokenReads.data = undefined; // still loading
    renderCard();
    expect(screen.getByTestId("task-card-3").textContent).not.toContain("<0.0001");
    expect(screen.getByTestId("task-card-3").textContent).toContain("… tokens");
  });
  it("does not guess 18 decimals when the decimals() read failed", () => {
    tokenReads.data = [{ status: "success", result: "USDC" }, { status: "failure", error: new Error("rpc") }, { status: "success", result: "USD Coin" }];
    renderCard();
    expect(screen.getByTestId("task-card-3").textContent).not.toContain("<0.0001 USDC");
    expect(screen.getByTestId("task-card-3").textContent).toContain("… USDC");
  });
});

describe("task card for screen readers", () => {
  it("names its link with what the card shows (title, reward, images), not a bare label that hides them", () => {
    tokenReads.data = [{ result: "USDC" }, { result: 6 }];
    renderCard();
    const name = screen.getByTestId("task-card-3").textContent ?? "";
    expect(screen.getByTestId("task-card-3").getAttribute("aria-label")).toBeNull();
    expect(screen.getByRole("link").textContent).toBe(name);
    expect(name).toContain("Cats");
    expect(name).toContain("images");
  });
});

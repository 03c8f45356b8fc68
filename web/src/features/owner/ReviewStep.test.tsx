import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import type { Address } from "viem";
import { setTestConfig } from "../../test/testConfig.ts";
import type { RunTxOptions } from "../transactions/useTxRunner.ts";

// Unit test of the review step alone: the wallet, the chain reads, IPFS and the tx runner are stubbed. The runner
// stub records each explanation and what its dry run and send call, and succeeds.
const owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const chain = { reads: undefined as { status: "success" | "failure"; result?: unknown }[] | undefined };
const sent: { title: string; step?: string; facts: string[]; calls: string[] }[] = [];
const callText = (request: { functionName: string; args?: readonly unknown[] }) => `${request.functionName}(${(request.args ?? []).map(String).join(",")})`;
vi.mock("wagmi", () => ({
  useAccount: () => ({ address: owner }),
  usePublicClient: () => ({ simulateContract: async (request: { functionName: string; args?: readonly unknown[] }) => sent.at(-1)!.calls.push(`simulate ${callText(request)}`) }),
  useReadContracts: () => ({ data: chain.reads }),
  useSignTypedData: () => ({ signTypedDataAsync: async () => "0x" }),
  useWriteContract: () => ({
    writeContractAsync: async (request: { functionName: string; args?: readonly unknown[] }) => {
      sent.at(-1)!.calls.push(`send ${callText(request)}`);
      return `0x${"ab".repeat(32)}`;
    },
  }),
}));
vi.mock("../transactions/useTxRunner.ts", () => ({
  useTxRunner: () => async (options: RunTxOptions) => {
    sent.push({ title: options.explanation.title, step: options.explanation.step, facts: (options.explanation.facts ?? []).map((f) => `${f.label}: ${String(f.value)}`), calls: [] });
    await options.simulate?.();
    await options.send();
    return { ok: true, hash: `0x${"ab".repeat(32)}`, receipt: { logs: [] } };
  },
}));
vi.mock("../../lib/ipfs.ts", () => ({ uploadJson: async () => "bafkreiafwov7ev42l23gia6npc7fk76ymbrtuh7cca6hmqqdbxx6gldfp4" }));

const { ReviewStep } = await import("./ReviewStep.tsx");
const { useOwnerDraftStore } = await import("./useOwnerDraftStore.ts");

/** balanceOf, allowance, then no permit (nonces and eip712Domain fail: a USDT-like token). */
const readsOf = (balance: bigint, allowance: bigint) => [{ status: "success" as const, result: balance }, { status: "success" as const, result: allowance }, { status: "failure" as const }, { status: "failure" as const }];

function renderReview(decimals: number) {
  return render(
    <MemoryRouter>
      <ReviewStep decimals={decimals} symbol="USDT" />
    </MemoryRouter>,
  );
}

beforeEach(() => {
  setTestConfig({}, { deploymentId: "dep" });
  sent.length = 0;
  const store = useOwnerDraftStore.getState();
  store.reset();
  store.addImages([{ cid: "bafkreidbaxlmy5vpiabsl2knlcgoken6lp63w45ug7ofd3fehel5pjb6hu", name: "a.png", mediaType: "image/png", width: 8, height: 8, size: 10 }]);
  store.patchSettings({ title: "Pets", batchSize: 1, reward: "10", bond: "0", maxRedundancy: 5 });
});
afterEach(cleanup);

describe("ReviewStep funding", () => {
  it("waits for the balance and allowance before it offers to create (it would skip the approval)", () => {
    chain.reads = undefined;
    renderReview(6);
    const button = screen.getByTestId("create-task") as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe("Checking your balance…");
  });

  it("over a partial allowance, resets it to 0 before approving the budget (USDT refuses otherwise), each step dry-run first", async () => {
    // budget: 1 image x 5 labels x 10 USDT = 50 USDT; 1 USDT already allowed
    chain.reads = readsOf(100_000_000n, 1_000_000n);
    renderReview(6);
    await act(async () => screen.getByTestId("create-task").click());
    const crowdlabel = (await import("../../config/appConfig.ts")).getConfig().crowdlabel;
    expect(sent.map((s) => [s.step, s.title, s.calls])).toEqual([
      ["Step 1 of 3", "Reset your USDT allowance to 0", [`simulate approve(${crowdlabel},0)`, `send approve(${crowdlabel},0)`]],
      ["Step 2 of 3", "Approve 50 USDT", [`simulate approve(${crowdlabel},50000000)`, `send approve(${crowdlabel},50000000)`]],
      ["Step 3 of 3", "Create the task", [expect.stringMatching(/^simulate createTask\(/), expect.stringMatching(/^send createTask\(/)]],
    ]);
  });

  it("with no allowance, approves once; the confirmation shows the exact amount signed, not one cut to 4 decimals", async () => {
    useOwnerDraftStore.getState().patchSettings({ reward: "0.00005" });
    chain.reads = readsOf(10n ** 18n, 0n);
    renderReview(18);
    await act(async () => screen.getByTestId("create-task").click());
    expect(sent.map((s) => [s.step, s.title])).toEqual([
      ["Step 1 of 2", "Approve 0.00025 USDT"],
      ["Step 2 of 2", "Create the task"],
    ]);
    expect(sent[0]!.calls.at(-1)).toMatch(/,250000000000000\)$/);
    expect(sent[1]!.facts).toContain("Escrowed budget: 0.00025 USDT");
  });
});

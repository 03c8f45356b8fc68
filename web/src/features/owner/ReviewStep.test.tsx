import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import type { Address } from "viem";
import { setTestConfig } from "../../test/testConfig.ts";
import type { RunTxOptions } from "../transactions/useTxRunner.ts";

// Unit test of the review step alone: the wallet, the chain reads, IPFS and the tx runner are stubbed. The runner
// stub records each explanation and what its dry run and send call, and succeeds.
const owner = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const chain = {
  reads: undefined as { status: "success" | "failure"; result?: unknown }[] | undefined,
  /** The receipt of a createTask still pending when the runner stopped waiting, once it comes. */
  lateReceipt: undefined as Promise<unknown> | undefined,
  /** What the runner answers for "Create the task" (default: confirmed). */
  createOutcome: undefined as { ok: false; cancelled: false; pendingHash: `0x${string}` } | undefined,
  signature: "0x" as `0x${string}`,
};
const sent: { title: string; step?: string; facts: string[]; calls: string[] }[] = [];
const callText = (request: { functionName: string; args?: readonly unknown[] }) => `${request.functionName}(${(request.args ?? []).map(String).join(",")})`;
const publicClient = {
  simulateContract: async (request: { functionName: string; args?: readonly unknown[] }) => sent.at(-1)!.calls.push(`simulate ${callText(request)}`),
  waitForTransactionReceipt: () => chain.lateReceipt ?? new Promise(() => undefined),
};
vi.mock("wagmi", () => ({
  useAccount: () => ({ address: owner }),
  usePublicClient: () => publicClient,
  useChains: () => [],
  useReadContracts: () => ({ data: chain.reads }),
  useSignTypedData: () => ({ signTypedDataAsync: async () => chain.signature }),
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
    if (options.explanation.title.startsWith("Create the task") && chain.createOutcome) return chain.createOutcome;
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
  Object.assign(chain, { lateReceipt: undefined, createOutcome: undefined, signature: "0x" });
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

describe("ReviewStep after sending", () => {
  it("a createTask still pending keeps Create disabled and says so, then opens the task when it confirms", async () => {
    const hash = `0x${"cd".repeat(32)}` as const;
    chain.reads = readsOf(10n ** 18n, 10n ** 18n);
    chain.createOutcome = { ok: false, cancelled: false, pendingHash: hash };
    let confirm!: (receipt: unknown) => void;
    chain.lateReceipt = new Promise((resolve) => (confirm = resolve));
    renderReview(6);
    await act(async () => screen.getByTestId("create-task").click());
    expect(sent.map((s) => s.title)).toEqual(["Create the task"]);
    expect(screen.getByTestId("create-pending").textContent).toContain("Do not create it again");
    expect((screen.getByTestId("create-task") as HTMLButtonElement).disabled).toBe(true);
    expect(useOwnerDraftStore.getState().pendingCreate?.hash).toBe(hash);

    const crowdlabel = (await import("../../config/appConfig.ts")).getConfig().crowdlabel;
    const { encodeEventTopics, encodeAbiParameters } = await import("viem");
    const { crowdlabelAbi } = await import("@crowdlabel/sdk");
    const topics = encodeEventTopics({ abi: crowdlabelAbi, eventName: "TaskCreated", args: { taskId: 7n, owner, token: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" } });
    const created = crowdlabelAbi.find((e) => e.type === "event" && e.name === "TaskCreated")!;
    const dataInputs = (created as { inputs: readonly { indexed?: boolean; type: string; name: string; components?: readonly unknown[] }[] }).inputs.filter((i) => !i.indexed);
    expect(dataInputs.length).toBeGreaterThan(0);
    const data = encodeAbiParameters(dataInputs as never, dataInputs.map((i) => zeroOf(i)) as never);
    await act(async () => confirm({ status: "success", logs: [{ address: crowdlabel, topics, data, blockNumber: 1n, logIndex: 0, transactionHash: hash, transactionIndex: 0, blockHash: hash, removed: false }] }));
    expect(useOwnerDraftStore.getState().pendingCreate).toBeNull();
    expect(useOwnerDraftStore.getState().images).toEqual([]);
  });

  it("a permit signed with a 0/1 recovery byte is sent with v = 27 + yParity, and dry-run once signed", async () => {
    chain.reads = [
      { status: "success", result: 10n ** 18n },
      { status: "success", result: 0n },
      { status: "success", result: 0n },
      { status: "success", result: { name: "Test", version: "1", chainId: 31337n, verifyingContract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" } },
    ];
    chain.signature = `0x${"11".repeat(32)}${"22".repeat(32)}01`;
    renderReview(6);
    await act(async () => screen.getByTestId("create-task").click());
    expect(sent.map((s) => s.title)).toEqual(["Create the task (permit + create in one transaction)"]);
    const [simulate, send] = sent[0]!.calls;
    expect(simulate).toMatch(/^simulate createTaskWithPermit\(.*,28,0x1{64},0x2{64}\)$/);
    expect(send).toMatch(/^send createTaskWithPermit\(.*,28,0x1{64},0x2{64}\)$/);
  });
});

/** A zero value of an ABI parameter, to encode an event's data. */
function zeroOf(param: { type: string; components?: readonly unknown[] }): unknown {
  if (param.type === "tuple") return Object.fromEntries((param.components as { name: string; type: string; components?: readonly unknown[] }[]).map((c) => [c.name, zeroOf(c)]));
  if (param.type.endsWith("[]")) return [];
  if (param.type === "address") return "0x0000000000000000000000000000000000000000";
  if (param.type === "bool") return false;
  if (param.type === "string") return "";
  if (param.type.startsWith("bytes")) return param.type === "bytes" ? "0x" : `0x${"00".repeat(Number(param.type.slice(5)))}`;
  return param.type.startsWith("uint") || param.type.startsWith("int") ? 0n : undefined;
}

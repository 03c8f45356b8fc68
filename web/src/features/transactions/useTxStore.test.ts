import { beforeEach, describe, expect, it, vi } from "vitest";

async function openTab() {
  vi.resetModules();
  return (await import("./useTxStore.ts")).useTxStore;
}

const tx = { chainId: 31337, account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", status: "pending" as const };

beforeEach(() => localStorage.clear());

describe("the activity log across tabs", () => {
  it("keeps a pending transaction of one tab when another tab logs its own", async () => {
    const tabA = await openTab();
    const tabB = await openTab();
    const commit = tabA.getState().add({ ...tx, title: "Commit 1 batch", hash: `0x${"aa".repeat(32)}` });
    tabB.getState().add({ ...tx, title: "Reveal 1 batch", hash: `0x${"bb".repeat(32)}` });
    const reloaded = await openTab();
    await reloaded.persist.rehydrate();
    expect(reloaded.getState().txs.map((t) => t.title).sort()).toEqual(["Commit 1 batch", "Reveal 1 batch"]);
    // A's later update of its entry reaches the stored log.
    tabA.getState().update(commit, { status: "confirmed" });
    await reloaded.persist.rehydrate();
    expect(reloaded.getState().txs.find((t) => t.id === commit)).toMatchObject({ status: "confirmed" });
  });

  it("a cleared log stays cleared when another tab writes its older entries", async () => {
    const tabA = await openTab();
    const tabB = await openTab();
    tabA.getState().add({ ...tx, title: "Claim 2 batches" });
    tabB.getState().add({ ...tx, title: "Commit 1 batch" });
    await new Promise((resolve) => setTimeout(resolve, 2));
    tabA.getState().clear();
    await new Promise((resolve) => setTimeout(resolve, 2));
    tabB.getState().add({ ...tx, title: "Reveal 1 batch" });
    const reloaded = await openTab();
    await reloaded.persist.rehydrate();
    expect(reloaded.getState().txs.map((t) => t.title)).toEqual(["Reveal 1 batch"]);
  });
});

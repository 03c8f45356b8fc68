import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeGold, type GoldFile } from "@crowdlabel/sdk";
import { useGoldStore } from "./useGoldStore.ts";

const contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
// Two tasks of one manifest (the same images and text, another reward): the same CID, each with its own salt.
const gold = () => makeGold({ answers: new Map([[0, 1]]), classCount: 2, chainId: 31337, contract, manifestCid: "bafyManifest" });

beforeEach(() => useGoldStore.setState({ files: {} }));

describe("gold answers kept in the browser", () => {
  it("keeps each task's answers when a second task has the same manifest", () => {
    const first = gold();
    useGoldStore.getState().save(first);
    useGoldStore.getState().linkTask(first.commitment, "1");
    const second = gold();
    expect(second.commitment).not.toBe(first.commitment);
    useGoldStore.getState().save(second);
    useGoldStore.getState().linkTask(second.commitment, "2");
    expect(useGoldStore.getState().forTask("1", first.commitment)).toMatchObject({ salt: first.salt, taskId: "1" });
    expect(useGoldStore.getState().forTask("2", second.commitment)).toMatchObject({ salt: second.salt, taskId: "2" });
    // A file linked to one task is not offered for another task with the same commitment.
    expect(useGoldStore.getState().forTask("3", first.commitment)).toBeUndefined();
  });

  it("finds a file saved before, under its manifest CID", () => {
    const old: GoldFile = { ...gold(), taskId: "7" };
    useGoldStore.setState({ files: { bafyManifest: old } });
    expect(useGoldStore.getState().forTask("7", old.commitment.toUpperCase().replace("0X", "0x"))).toEqual(old);
  });

  it("keeps what two tabs saved: a tab's write no longer erases the other tab's answers", async () => {
    const openTab = async () => {
      vi.resetModules();
      return (await import("./useGoldStore.ts")).useGoldStore;
    };
    localStorage.clear();
    const tabA = await openTab();
    const tabB = await openTab();
    const [a, b] = [gold(), gold()];
    tabA.getState().save(a);
    tabB.getState().save(b);
    tabA.getState().linkTask(a.commitment, "1");
    const reloaded = await openTab();
    await reloaded.persist.rehydrate();
    expect(reloaded.getState().forTask("1", a.commitment)).toMatchObject({ salt: a.salt, taskId: "1" });
    expect(reloaded.getState().forTask("2", b.commitment)).toMatchObject({ salt: b.salt });
  });
});

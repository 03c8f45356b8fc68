import { describe, expect, it, vi } from "vitest";
import type { Hex } from "viem";
import { combineRecords, revealFor, revealKey, type RevealRecord } from "./useRevealStore.ts";

const annotator = "0x00000000000000000000000000000000000000aa" as const;
const hash = (byte: string) => `0x${byte.repeat(32)}` as Hex;

function record(batchId: number, labels: Hex, commitment: Hex, patch: Partial<RevealRecord> = {}): Omit<RevealRecord, "savedAt"> {
  return { deploymentId: "d", chainId: 31337, contract: "0x0000000000000000000000000000000000000001", taskId: "1", batchId, slot: 0, annotator, labels, salt: hash("11"), commitment, status: "prepared", ...patch };
}

async function openTab() {
  vi.resetModules();
  return (await import("./useRevealStore.ts")).useRevealStore;
}

describe("reveal records", () => {
  it("committing a batch again with other labels keeps the first version, and the reveal takes the one on chain", async () => {
    const store = await openTab();
    const first = record(0, "0x000102", hash("22"));
    store.getState().save(first);
    store.getState().save(record(0, "0x000101", hash("33")));
    const saved = store.getState().records[revealKey(first)]!;
    expect([saved.labels, saved.commitment]).toEqual(["0x000101", hash("33")]);
    expect(saved.earlier).toEqual([{ labels: "0x000102", commitment: hash("22") }]);
    // The first commit is the one that landed: its labels are revealed.
    expect(revealFor(saved, hash("22"))?.labels).toBe("0x000102");
    expect(revealFor(saved, hash("33"))?.labels).toBe("0x000101");
    expect(revealFor(saved, hash("44"))).toBeUndefined();
  });

  it("a committed record stays in the lead over labels prepared later; status and versions survive a merge", () => {
    const committed = { ...record(0, "0x0001", hash("22"), { status: "committed", commitTx: hash("aa") }), savedAt: 1 };
    const later = { ...record(0, "0x0000", hash("33")), savedAt: 2 };
    for (const merged of [combineRecords(committed, later), combineRecords(later, committed)]) {
      expect([merged.status, merged.labels, merged.commitTx]).toEqual(["committed", "0x0001", hash("aa")]);
      expect(merged.earlier).toEqual([{ labels: "0x0000", commitment: hash("33") }]);
    }
    expect(combineRecords(committed, { ...committed, savedAt: 5 }).earlier).toBeUndefined();
  });

  it("labels for another slot of the same batch lead even over a revealed record, and each version reveals with its own slot", () => {
    // Slot 0 revealed on a local chain since restarted at the same address; the batch is claimed again, as slot 1.
    const revealed = { ...record(0, "0x0001", hash("22"), { slot: 0, status: "revealed" }), savedAt: 1 };
    const again = { ...record(0, "0x0000", hash("33"), { slot: 1 }), savedAt: 2 };
    for (const merged of [combineRecords(revealed, again), combineRecords(again, revealed)]) {
      expect([merged.status, merged.slot, merged.labels]).toEqual(["prepared", 1, "0x0000"]);
      expect(merged.earlier).toEqual([{ labels: "0x0001", commitment: hash("22"), slot: 0 }]);
      expect(revealFor(merged, hash("33"))?.slot).toBe(1);
      expect(revealFor(merged, hash("22"))?.slot).toBe(0);
      // Merged again later (another tab's copy): the slots stay with their versions.
      const twice = combineRecords(merged, { ...again, savedAt: 3 });
      expect(revealFor(twice, hash("22"))?.slot).toBe(0);
    }
  });

  it("two tabs committing different batches both keep their records", async () => {
    const tabA = await openTab();
    const tabB = await openTab();
    tabA.getState().save(record(0, "0x0001", hash("22")));
    tabB.getState().save(record(1, "0x0002", hash("33")));
    // A Profile tab marking an old copy revealed does not erase what the others saved.
    tabA.getState().mark(revealKey(record(0, "0x", hash("00"))), { status: "revealed" });
    const reloaded = await openTab();
    await reloaded.persist.rehydrate();
    const records = reloaded.getState().records;
    expect(Object.values(records).map((r) => [r.batchId, r.status])).toEqual([
      [0, "revealed"],
      [1, "prepared"],
    ]);
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import type { Hex } from "viem";
import { removeRevealedWork } from "./finishedWork.ts";
import { LABELING_STORE, sessionKey, useLabelingStore } from "./useLabelingStore.ts";
import { REVEAL_STORE, revealKey, useRevealStore, type RevealRecord } from "./useRevealStore.ts";

const annotator = "0x00000000000000000000000000000000000000aa" as const;
const record = (batchId: number): Omit<RevealRecord, "savedAt"> => ({
  deploymentId: "dep",
  chainId: 31337,
  contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  taskId: "1",
  batchId,
  slot: 0,
  annotator,
  labels: "0x0001",
  salt: `0x${"11".repeat(32)}` as Hex,
  commitment: `0x${String(batchId).repeat(64)}` as Hex,
  status: "prepared",
});
const stored = (name: string, field: string) => Object.keys(JSON.parse(localStorage.getItem(name)!).state[field]).sort();

beforeEach(() => {
  useRevealStore.setState({ records: {} });
  useLabelingStore.setState({ sessions: {} });
});

describe("removeRevealedWork", () => {
  it("removes the records and sessions of revealed batches only, from storage and memory, for good", () => {
    for (const batchId of [0, 1, 2]) {
      useLabelingStore.getState().open(sessionKey({ deploymentId: "dep", taskId: 1n, batchId, annotator }), 2);
      useRevealStore.getState().save(record(batchId));
    }
    const [revealed, committed, prepared] = [0, 1, 2].map((batchId) => revealKey(record(batchId)));
    useRevealStore.getState().mark(revealed!, { status: "revealed" });
    useRevealStore.getState().mark(committed!, { status: "committed" });

    expect(removeRevealedWork()).toBe(1);
    expect(stored(REVEAL_STORE, "records")).toEqual([committed, prepared]);
    expect(stored(LABELING_STORE, "sessions")).toEqual([committed, prepared]);
    expect(Object.keys(useRevealStore.getState().records).sort()).toEqual([committed, prepared]);
    expect(Object.keys(useLabelingStore.getState().sessions).sort()).toEqual([committed, prepared]);
    // A later write merges with what is stored: it must not bring the removed entries back.
    useLabelingStore.getState().label(prepared!, 1, true);
    useRevealStore.getState().mark(prepared!, { status: "committed" });
    expect(stored(REVEAL_STORE, "records")).toEqual([committed, prepared]);
    expect(stored(LABELING_STORE, "sessions")).toEqual([committed, prepared]);
    expect(removeRevealedWork()).toBe(0);
  });
});

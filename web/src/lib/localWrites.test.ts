import { beforeEach, describe, expect, it } from "vitest";
import { isSaved, retryUnsavedWrites, useUnsavedWrites, writeLocal } from "./localWrites.ts";
import { readStoredLogs, writeStoredLogs } from "./keptLogStore.ts";
import { LABELING_STORE, sessionKey, useLabelingStore } from "../features/labeling/useLabelingStore.ts";

// jsdom's localStorage refuses writes past 5,000,000 code units (keys and values), as a browser's does per origin.
const QUOTA = 5_000_000;
const used = () => Object.keys(localStorage).reduce((n, key) => n + key.length + localStorage.getItem(key)!.length, 0);
/** Another app's data filling all but `room` code units. */
const fillLeaving = (room: number) => localStorage.setItem("other", "x".repeat(QUOTA - used() - "other".length - room));

beforeEach(() => {
  useUnsavedWrites.setState({ unsaved: {} });
  useLabelingStore.setState({ sessions: {} });
});

describe("writes to a full localStorage", () => {
  it("make room by dropping the kept chain logs, a cache, and keep everything else", () => {
    writeStoredLogs("leaderboard", { settledTo: 1n, hash: "0x01", logs: ["y".repeat(400_000)] });
    writeStoredLogs("my-batches", { settledTo: 1n, hash: "0x01", logs: ["y".repeat(400_000)] });
    fillLeaving(100_000);
    expect(writeLocal("crowdlabel.test", "z".repeat(300_000))).toBe(true);
    expect(localStorage.getItem("crowdlabel.test")?.length).toBe(300_000);
    expect([readStoredLogs("leaderboard"), readStoredLogs("my-batches")]).toEqual([undefined, undefined]);
    expect(localStorage.getItem("other")?.length).toBeGreaterThan(4_000_000);
    expect(isSaved("crowdlabel.test")).toBe(true);
  });

  it("are reported, not thrown, when there is no room even then, and written again on retry", () => {
    fillLeaving(1_000);
    expect(writeLocal("crowdlabel.test", "z".repeat(5_000))).toBe(false);
    expect(localStorage.getItem("crowdlabel.test")).toBeNull();
    expect(isSaved("crowdlabel.test")).toBe(false);
    localStorage.removeItem("other");
    retryUnsavedWrites();
    expect(localStorage.getItem("crowdlabel.test")).toBe("z".repeat(5_000));
    expect(isSaved("crowdlabel.test")).toBe(true);
    expect(useUnsavedWrites.getState().unsaved).toEqual({});
  });

  it("leave a label in the tab, say it is unsaved, and save it on retry (the store's action does not throw)", () => {
    const key = sessionKey({ deploymentId: "dep", taskId: 1n, batchId: 0, annotator: "0xabc" });
    useLabelingStore.getState().open(key, 4);
    fillLeaving(10);
    expect(() => useLabelingStore.getState().label(key, 2, true)).not.toThrow();
    expect(useLabelingStore.getState().sessions[key]!.labels).toEqual([2, null, null, null]);
    expect(isSaved(LABELING_STORE)).toBe(false);
    expect(JSON.parse(localStorage.getItem(LABELING_STORE)!).state.sessions[key].labels).toEqual([null, null, null, null]);
    localStorage.removeItem("other");
    retryUnsavedWrites();
    expect(JSON.parse(localStorage.getItem(LABELING_STORE)!).state.sessions[key].labels).toEqual([2, null, null, null]);
    expect(isSaved(LABELING_STORE)).toBe(true);
  });

  it("count as saved when the merged state is already stored, so the alert can clear", () => {
    const key = sessionKey({ deploymentId: "dep", taskId: 1n, batchId: 1, annotator: "0xabc" });
    useLabelingStore.getState().open(key, 2);
    fillLeaving(10);
    useLabelingStore.getState().label(key, 1, true);
    expect(isSaved(LABELING_STORE)).toBe(false);
    // Another tab, with room again, stores the same session; this tab's retry then merges to the stored bytes.
    localStorage.removeItem("other");
    localStorage.setItem(LABELING_STORE, JSON.stringify({ state: { sessions: { [key]: useLabelingStore.getState().sessions[key] } }, version: 1 }));
    retryUnsavedWrites();
    expect(isSaved(LABELING_STORE)).toBe(true);
  });

  it("keep a label that could not be saved when another tab writes the store, and save it on retry", async () => {
    const mine = sessionKey({ deploymentId: "dep", taskId: 1n, batchId: 2, annotator: "0xabc" });
    const theirs = sessionKey({ deploymentId: "dep", taskId: 1n, batchId: 3, annotator: "0xabc" });
    useLabelingStore.getState().open(theirs, 2);
    useLabelingStore.getState().open(mine, 3);
    fillLeaving(10);
    useLabelingStore.getState().label(mine, 1, true);
    expect(isSaved(LABELING_STORE)).toBe(false);
    // Another tab labels its batch and stores it (its write fits); this tab follows it, as on a storage event.
    const stored = JSON.parse(localStorage.getItem(LABELING_STORE)!);
    stored.state.sessions[theirs] = { ...stored.state.sessions[theirs], labels: [0, null], updatedAt: Date.now() + 1 };
    localStorage.removeItem("other");
    localStorage.setItem(LABELING_STORE, JSON.stringify(stored));
    fillLeaving(10);
    await useLabelingStore.persist.rehydrate();
    expect(useLabelingStore.getState().sessions[mine]!.labels).toEqual([1, null, null]);
    expect(useLabelingStore.getState().sessions[theirs]!.labels).toEqual([0, null]);
    expect(isSaved(LABELING_STORE)).toBe(false);
    localStorage.removeItem("other");
    retryUnsavedWrites();
    const sessions = JSON.parse(localStorage.getItem(LABELING_STORE)!).state.sessions;
    expect([sessions[mine].labels, sessions[theirs].labels]).toEqual([
      [1, null, null],
      [0, null],
    ]);
    expect(isSaved(LABELING_STORE)).toBe(true);
  });
});

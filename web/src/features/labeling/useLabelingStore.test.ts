import { beforeEach, describe, expect, it, vi } from "vitest";
import { isComplete, labeledCount, LABELING_STORE, nextUnlabeled, sessionKey, STORED_HISTORY_LIMIT, useLabelingStore, type LabelingSession } from "./useLabelingStore.ts";

const key = sessionKey({ deploymentId: "local-test", taskId: 1n, batchId: 2, annotator: "0xABC" });
const store = () => useLabelingStore.getState();
const session = () => store().sessions[key]!;

beforeEach(() => useLabelingStore.setState({ sessions: {} }));

describe("labeling session store", () => {
  it("keys sessions by deployment, task, batch and lowercased annotator", () => {
    expect(key).toBe("local-test|1|2|0xabc");
  });

  it("opens a session once and keeps it (a reload resumes)", () => {
    store().open(key, 4);
    store().label(key, 1, true);
    store().open(key, 4);
    expect(session().labels).toEqual([1, null, null, null]);
  });

  it("labels and auto-advances to the next unlabeled item, or stays without auto-advance", () => {
    store().open(key, 3);
    store().label(key, 2, true);
    expect(session().cursor).toBe(1);
    store().label(key, 0, false);
    expect(session().cursor).toBe(1);
    expect(session().labels).toEqual([2, 0, null]);
    expect(labeledCount(session())).toBe(2);
  });

  it("undo restores the previous label and moves back to that item", () => {
    store().open(key, 3);
    store().label(key, 1, true);
    store().label(key, 2, true);
    store().undo(key);
    expect(session().labels).toEqual([1, null, null]);
    expect(session().cursor).toBe(1);
    store().undo(key);
    expect(session().labels).toEqual([null, null, null]);
    store().undo(key); // nothing left: no-op
    expect(session().cursor).toBe(0);
  });

  it("relabeling an item then undoing gives back the earlier label", () => {
    store().open(key, 2);
    store().label(key, 1, false);
    store().label(key, 3, false);
    store().undo(key);
    expect(session().labels[0]).toBe(1);
  });

  it("skip leaves the item unlabeled, marks it and visits the others first", () => {
    store().open(key, 3);
    store().skip(key);
    expect(session().skipped).toEqual([0]);
    expect(session().cursor).toBe(1);
    store().label(key, 1, true);
    expect(session().cursor).toBe(2);
    store().label(key, 1, true);
    // only the skipped item is left: advance wraps back to it
    expect(session().cursor).toBe(0);
    store().label(key, 0, true);
    expect(session().skipped).toEqual([]);
    expect(isComplete(session())).toBe(true);
  });

  it("goTo and move clamp to the batch", () => {
    store().open(key, 3);
    store().goTo(key, 10);
    expect(session().cursor).toBe(2);
    store().move(key, -5);
    expect(session().cursor).toBe(0);
  });

  it("persists to localStorage and rehydrates", async () => {
    store().open(key, 2);
    store().label(key, 1, true);
    const text = localStorage.getItem("crowdlabel.labeling")!;
    const saved = JSON.parse(text) as { state: { sessions: Record<string, { labels: unknown[] }> } };
    expect(saved.state.sessions[key]!.labels).toEqual([1, null]);
    // A new page: memory is empty, storage holds the session.
    useLabelingStore.setState({ sessions: {} });
    localStorage.setItem("crowdlabel.labeling", text);
    await useLabelingStore.persist.rehydrate();
    expect(session().labels).toEqual([1, null]);
  });

  it("nextUnlabeled wraps and returns the cursor when all are labeled", () => {
    expect(nextUnlabeled([1, null, 2, null], 1)).toBe(3);
    expect(nextUnlabeled([null, 1, 2], 2)).toBe(0);
    expect(nextUnlabeled([1, 1], 0)).toBe(0);
  });
});

// Two tabs are two copies of the store module over one localStorage.
async function openTab() {
  vi.resetModules();
  return (await import("./useLabelingStore.ts")).useLabelingStore;
}

describe("labeling sessions across browser tabs", () => {
  it("a tab saving its batch keeps the labels another tab saved since it loaded", async () => {
    const tabA = await openTab();
    const tabB = await openTab();
    const keyA = sessionKey({ deploymentId: "d", taskId: 1n, batchId: 0, annotator: "0xabc" });
    const keyB = sessionKey({ deploymentId: "d", taskId: 1n, batchId: 1, annotator: "0xabc" });
    tabA.getState().open(keyA, 3);
    for (const v of [0, 1, 2]) tabA.getState().label(keyA, v, true);
    tabB.getState().open(keyB, 2);
    tabB.getState().label(keyB, 1, true);
    const reloaded = await openTab();
    await reloaded.persist.rehydrate();
    expect(reloaded.getState().sessions[keyA]?.labels).toEqual([0, 1, 2]);
    expect(reloaded.getState().sessions[keyB]?.labels).toEqual([1, null]);
  });

  it("opening a batch in a second tab does not reset the labels made in the first", async () => {
    const tabA = await openTab();
    const tabB = await openTab();
    tabA.getState().open(key, 2);
    tabA.getState().label(key, 1, true);
    tabB.getState().open(key, 2);
    const reloaded = await openTab();
    await reloaded.persist.rehydrate();
    expect(reloaded.getState().sessions[key]?.labels).toEqual([1, null]);
  });

  it("a tab reloads the store when another tab writes it, so its next edit builds on the other tab's labels", async () => {
    const tabA = await openTab();
    const tabB = await openTab();
    tabA.getState().open(key, 3);
    tabB.getState().open(key, 3);
    tabB.getState().label(key, 2, true);
    window.dispatchEvent(new StorageEvent("storage", { key: "crowdlabel.labeling", storageArea: localStorage }));
    await vi.waitFor(() => expect(tabA.getState().sessions[key]?.labels).toEqual([2, null, null]));
    tabA.getState().label(key, 0, true);
    expect(tabA.getState().sessions[key]?.labels).toEqual([2, 0, null]);
  });
});

describe("stored sessions", () => {
  it("keep the last 20 undo steps across reloads, the tab all 200: a 256-image batch stores in a fraction of the room", () => {
    const big = sessionKey({ deploymentId: "local-test", taskId: 1n, batchId: 9, annotator: "0xABC" });
    store().open(big, 256);
    for (let i = 0; i < 256; i++) store().label(big, i % 10, true);
    expect(store().sessions[big]!.history.length).toBe(200);
    const raw = localStorage.getItem(LABELING_STORE)!;
    const kept = (JSON.parse(raw) as { state: { sessions: Record<string, LabelingSession> } }).state.sessions[big]!;
    expect(kept.history).toEqual(store().sessions[big]!.history.slice(-STORED_HISTORY_LIMIT));
    expect(kept.labels).toEqual(store().sessions[big]!.labels);
    const whole = JSON.stringify({ state: { sessions: { [big]: store().sessions[big] } }, version: 1 }).length;
    expect(raw.length / whole).toBeLessThan(0.3);
  });
});

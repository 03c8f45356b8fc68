import { describe, expect, it } from "vitest";
import { isComplete, labeledCount, nextUnlabeled, sessionKey, useLabelingStore } from "./useLabelingStore.ts";

const key = sessionKey({ deploymentId: "local-test", taskId: 1n, batchId: 2, annotator: "0xABC" });
const store = () => useLabelingStore.getState();
const session = () => store().sessions[key]!;

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
    store().discard(key);
    store().open(key, 3);
    store().label(key, 2, true);
    expect(session().cursor).toBe(1);
    store().label(key, 0, false);
    expect(session().cursor).toBe(1);
    expect(session().labels).toEqual([2, 0, null]);
    expect(labeledCount(session())).toBe(2);
  });

  it("undo restores the previous label and moves back to that item", () => {
    store().discard(key);
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
    store().discard(key);
    store().open(key, 2);
    store().label(key, 1, false);
    store().label(key, 3, false);
    store().undo(key);
    expect(session().labels[0]).toBe(1);
  });

  it("skip leaves the item unlabeled, marks it and visits the others first", () => {
    store().discard(key);
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
    store().discard(key);
    store().open(key, 3);
    store().goTo(key, 10);
    expect(session().cursor).toBe(2);
    store().move(key, -5);
    expect(session().cursor).toBe(0);
  });

  it("persists to localStorage and rehydrates", async () => {
    store().discard(key);
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

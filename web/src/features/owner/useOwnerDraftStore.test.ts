import { beforeEach, describe, expect, it, vi } from "vitest";

async function openTab() {
  vi.resetModules();
  return (await import("./useOwnerDraftStore.ts")).useOwnerDraftStore;
}

const image = { cid: "bafkreidbaxlmy5vpiabsl2knlcgoken6lp63w45ug7ofd3fehel5pjb6hu", name: "a.png", mediaType: "image/png", width: 8, height: 8, size: 10 };

beforeEach(() => localStorage.clear());

describe("the task draft across tabs", () => {
  it("a tab left open follows another tab's edits, so its own next edit does not drop them", async () => {
    const older = await openTab();
    const other = await openTab();
    other.getState().addImages([image]);
    other.getState().setGold(0, 1);
    // The browser tells the older tab that the draft changed (a storage event).
    window.dispatchEvent(new StorageEvent("storage", { key: "crowdlabel.owner-draft", storageArea: localStorage }));
    await vi.waitFor(() => expect(older.getState().images).toHaveLength(1));
    older.getState().patchSettings({ title: "Pets" });
    const stored = JSON.parse(localStorage.getItem("crowdlabel.owner-draft")!).state;
    expect([stored.images.length, stored.gold, stored.settings.title]).toEqual([1, { 0: 1 }, "Pets"]);
  });
});

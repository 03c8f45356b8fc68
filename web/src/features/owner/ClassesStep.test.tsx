import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen, fireEvent } from "@testing-library/react";
import { ClassesStep } from "./ClassesStep.tsx";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";

afterEach(cleanup);

describe("ClassesStep", () => {
  it("adds a class with the next free hotkey and flags duplicates", () => {
    useOwnerDraftStore.getState().reset();
    render(<ClassesStep />);
    fireEvent.click(screen.getByTestId("add-class"));
    expect(useOwnerDraftStore.getState().classes.map((c) => c.hotkey)).toEqual(["1", "2", "3"]);
    fireEvent.change(screen.getByLabelText("Class 2 hotkey"), { target: { value: "1" } });
    expect(screen.getByText("Used by class 1.")).toBeTruthy();
    fireEvent.change(screen.getByTestId("class-name-2"), { target: { value: "CAT" } });
    expect(screen.getByText("Same name as class 1.")).toBeTruthy();
  });

  it("removing a class moves gold answers and examples with their classes and drops the removed class's", () => {
    const store = useOwnerDraftStore.getState();
    store.reset();
    store.setClasses([
      { name: "cat", hotkey: "1", colour: "#000000" },
      { name: "dog", hotkey: "2", colour: "#111111" },
      { name: "bird", hotkey: "3", colour: "#222222" },
    ]);
    store.setGold(0, 2);
    store.setGold(1, 1);
    store.setGold(2, 0);
    store.setExamples([
      { cid: "bafyA", mediaType: "image/png", classId: 1 },
      { cid: "bafyB", mediaType: "image/png", classId: 2 },
    ]);
    render(<ClassesStep />);
    fireEvent.click(screen.getByLabelText("Remove class dog"));
    const after = useOwnerDraftStore.getState();
    expect(after.classes.map((c) => c.name)).toEqual(["cat", "bird"]);
    expect(after.gold).toEqual({ 0: 1, 2: 0 });
    expect(after.examples.map((e) => [e.cid, e.classId])).toEqual([["bafyB", 1]]);
  });
});

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
    // The table numbers classes from 0: the class that has key 1 is class 0 ("cat").
    expect(screen.getByText("Used by class 0.")).toBeTruthy();
    fireEvent.change(screen.getByTestId("class-name-2"), { target: { value: "CAT" } });
    expect(screen.getByText("Same name as class 0.")).toBeTruthy();
  });

  it("names the class the table shows, never the class itself, and ties each error to its input", () => {
    const store = useOwnerDraftStore.getState();
    store.reset();
    store.setClasses([
      { name: "cat", hotkey: "1", colour: "#000000" },
      { name: "dog", hotkey: "2", colour: "#111111" },
    ]);
    render(<ClassesStep />);
    fireEvent.change(screen.getByLabelText("Class 1 hotkey"), { target: { value: "1" } });
    fireEvent.change(screen.getByLabelText("Class 1 name"), { target: { value: "Cat" } });
    for (const [label, message] of [
      ["Class 1 hotkey", "Used by class 0."],
      ["Class 1 name", "Same name as class 0."],
    ] as const) {
      const input = screen.getByLabelText(label);
      expect(input.getAttribute("aria-invalid"), label).toBe("true");
      const described = input.getAttribute("aria-describedby");
      expect(described, label).toBeTruthy();
      expect(document.getElementById(described!)?.textContent, label).toBe(message);
    }
    // The valid inputs of class 0 carry no error.
    expect(screen.getByLabelText("Class 0 hotkey").getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByLabelText("Class 0 hotkey").hasAttribute("aria-describedby")).toBe(false);
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

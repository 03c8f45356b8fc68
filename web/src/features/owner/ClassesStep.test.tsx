import { describe, expect, it } from "vitest";
import { render, screen, fireEvent } from "@testing-library/react";
import { ClassesStep } from "./ClassesStep.tsx";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";

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
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { Field, SettingsStep } from "./SettingsStep.tsx";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";

afterEach(cleanup);
beforeEach(() => useOwnerDraftStore.getState().reset());

/** The texts of the elements an input's aria-describedby points at, in order. */
function descriptions(el: HTMLElement): string[] {
  return (el.getAttribute("aria-describedby") ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`);
}

describe("Field", () => {
  it("names the control by its label only and describes it by the visible error and hint", () => {
    render(
      <Field label="Title" error="Give the task a title." hint="Shown to annotators">
        <input />
      </Field>,
    );
    const input = screen.getByLabelText("Title");
    expect(input.tagName).toBe("INPUT");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(descriptions(input)).toEqual(["Give the task a title.", "Shown to annotators"]);
    // The error is outside the label, so it is not part of the accessible name.
    expect(document.querySelector("label")!.textContent).toBe("Title");
  });

  it("without an error the control is valid and described by the hint alone", () => {
    render(
      <Field label="Bond" hint="Returned on reveal">
        <input />
      </Field>,
    );
    const input = screen.getByLabelText("Bond");
    expect(input.getAttribute("aria-invalid")).toBe("false");
    expect(descriptions(input)).toEqual(["Returned on reveal"]);
  });
});

describe("SettingsStep", () => {
  it("marks every field with an error invalid, including the schedule and reputation-gate inputs, and links the error", () => {
    useOwnerDraftStore.getState().patchSettings({ title: "", claimTtlMinutes: 5, commitWindowMinutes: 5, revealWindowMinutes: 5, minLabelsRevealed: -1, minAgreementPercent: 120 });
    render(<SettingsStep decimals={18} symbol="TT" />);
    const expected: [string, string][] = [
      ["Title", "Give the task a title."],
      ["Time to commit a claim (min)", "At least 10 minutes."],
      ["Commit window (min)", "At least 10 minutes."],
      ["Reveal window (min)", "At least 10 minutes."],
      ["Minimum revealed labels", "0 or more."],
      ["Minimum agreement rate (%)", "Between 0 and 100."],
    ];
    for (const [label, error] of expected) {
      const input = screen.getByLabelText(label);
      expect(input.getAttribute("aria-invalid"), label).toBe("true");
      expect(descriptions(input)[0], label).toBe(error);
    }
    expect(screen.getByLabelText("Short description").getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByLabelText("Reward per agreeing label (TT)").getAttribute("aria-invalid")).toBe("false");
  });
});

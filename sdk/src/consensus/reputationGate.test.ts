import { describe, expect, it } from "vitest";
import { passesGate } from "./reputationGate.ts";

describe("passesGate", () => {
  it("an ungated task admits anyone, a fresh wallet included", () => {
    expect(passesGate({ minLabelsRevealed: 0, minAgreementBps: 0 }, undefined)).toBe(true);
  });

  it("needs the labels revealed, and the agreement rate at the boundary inclusive", () => {
    const gate = { minLabelsRevealed: 10, minAgreementBps: 8_000 };
    expect(passesGate(gate, { labelsRevealed: 9, labelsAgreed: 9 })).toBe(false);
    expect(passesGate(gate, { labelsRevealed: 10, labelsAgreed: 8 })).toBe(true);
    expect(passesGate(gate, { labelsRevealed: 10, labelsAgreed: 7 })).toBe(false);
    expect(passesGate(gate, { labelsRevealed: 1_000, labelsAgreed: 799 })).toBe(false);
  });

  it("an agreement gate alone does not admit a wallet with no labels (0 >= bps * 0)", () => {
    expect(passesGate({ minLabelsRevealed: 0, minAgreementBps: 5_000 }, undefined)).toBe(false);
    expect(passesGate({ minLabelsRevealed: 0, minAgreementBps: 5_000 }, { labelsRevealed: 2, labelsAgreed: 1 })).toBe(true);
  });
});

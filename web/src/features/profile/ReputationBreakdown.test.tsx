import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { ReputationBreakdown } from "./ReputationBreakdown.tsx";

afterEach(cleanup);

const weights = { consensusAgreement: 0.15, peerPrediction: 0.15, goldAccuracy: 0.35, dsSkill: 0.35 };

describe("ReputationBreakdown", () => {
  it("gives each present component its share of the weights present, and spells out the score", () => {
    // No gold: 0.15 + 0.15 + 0.35 = 0.65, so agreement and peer prediction are 23% each and Dawid-Skene 54%.
    const breakdown = { consensusAgreement: 0.875, peerPrediction: 0.38, goldAccuracy: null, dsSkill: 0.89, confidence: 6 / 56, quality: 0.77, labelsRevealed: 6 };
    render(<ReputationBreakdown reputation={{ score: 82, breakdown, weights, confidenceLabels: 50 }} />);
    expect(screen.getByTestId("breakdown-dsSkill").textContent).toContain("89%");
    expect(screen.getByTestId("breakdown-dsSkill").textContent).toContain("54% of quality");
    expect(screen.getByTestId("breakdown-consensusAgreement").textContent).toContain("23% of quality");
    expect(screen.getByTestId("breakdown-goldAccuracy").textContent).toContain("not counted");
    expect(screen.getByTestId("breakdown-goldAccuracy").textContent).toContain("No gold answer among these labels has been revealed yet");
    expect(screen.getByText(/6 labels ÷ \(6 \+ 50\)/)).toBeTruthy();
    expect(screen.getByTestId("breakdown-score").textContent).toBe("1000 × 77% × 11% = 82");
  });

  it("draws a negative peer prediction as an empty bar and still shows its value", () => {
    const breakdown = { consensusAgreement: 0.5, peerPrediction: -0.2, goldAccuracy: 0.9, dsSkill: 0.1, confidence: 0.5, quality: 0.4, labelsRevealed: 50 };
    render(<ReputationBreakdown reputation={{ score: 200, breakdown, weights, confidenceLabels: 50 }} />);
    const row = screen.getByTestId("breakdown-peerPrediction");
    expect(row.textContent).toContain("-20%");
    expect(row.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow")).toBe("0");
    expect(screen.getByTestId("breakdown-goldAccuracy").textContent).toContain("35% of quality");
  });

  it("leaves the shares out when the indexer does not send its weights", () => {
    const breakdown = { consensusAgreement: 0.6, peerPrediction: 0.1, goldAccuracy: null, dsSkill: 0.3, confidence: 0.2, quality: 0.35, labelsRevealed: 12 };
    render(<ReputationBreakdown reputation={{ score: 70, breakdown }} />);
    expect(screen.queryByText(/of quality|not counted/)).toBeNull();
    expect(screen.queryByText(/labels ÷/)).toBeNull();
    expect(screen.getByTestId("breakdown-score").textContent).toBe("1000 × 35% × 20% = 70");
  });
});

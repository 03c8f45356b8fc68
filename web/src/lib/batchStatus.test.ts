import { describe, expect, it } from "vitest";
import { batchStatus, BatchPhase, describeStatus, SlotState, type BatchStatusInput } from "./batchStatus.ts";

const base: BatchStatusInput = { held: true, slotIndex: 0, slotState: SlotState.Claimed, expiresAt: 1000, phase: BatchPhase.Open, roundStart: 0, revealOpensAt: 0, revealWindow: 100, now: 500 };

describe("batchStatus", () => {
  it("claimed: label until the claim expires", () => {
    expect(batchStatus(base)).toBe("label");
    expect(batchStatus({ ...base, now: 1000 })).toBe("expired");
    expect(batchStatus({ ...base, held: false })).toBe("lost");
  });

  it("committed: waiting, then reveal-open, then missed", () => {
    const c = { ...base, slotState: SlotState.Committed };
    expect(batchStatus(c)).toBe("waiting-commits");
    expect(batchStatus({ ...c, phase: BatchPhase.Reveal, revealOpensAt: 400, now: 450 })).toBe("reveal-open");
    expect(batchStatus({ ...c, phase: BatchPhase.Reveal, revealOpensAt: 300, now: 400 })).toBe("missed-reveal");
    expect(batchStatus({ ...c, phase: BatchPhase.Finalisable })).toBe("missed-reveal");
    expect(batchStatus({ ...c, phase: BatchPhase.Open, roundStart: 3 })).toBe("forfeited");
  });

  it("revealed: waiting for reveals, finalisable, finalised", () => {
    const r = { ...base, slotState: SlotState.Revealed };
    expect(batchStatus({ ...r, phase: BatchPhase.Reveal })).toBe("waiting-reveals");
    expect(batchStatus({ ...r, phase: BatchPhase.Finalisable })).toBe("finalisable");
    expect(batchStatus({ ...r, phase: BatchPhase.Done })).toBe("finalised");
    expect(batchStatus({ ...r, phase: BatchPhase.Open, roundStart: 3 })).toBe("finalised");
  });

  it("forfeited slots stay forfeited", () => {
    expect(batchStatus({ ...base, slotState: SlotState.Forfeited })).toBe("forfeited");
  });
});

describe("describeStatus", () => {
  it("mentions the bond only on tasks that take one", () => {
    expect(describeStatus("missed-reveal", true).help).toContain("bond of this slot is forfeited");
    expect(describeStatus("missed-reveal", false).help).toBe("The reveal window closed before your reveal; these labels do not count and earn nothing.");
    for (const status of ["label", "expired", "lost", "waiting-commits", "reveal-open", "waiting-reveals", "finalisable", "finalised", "missed-reveal", "forfeited"] as const) {
      expect(describeStatus(status, false).help).not.toMatch(/bond/i);
      expect(describeStatus(status, false).label).toBe(describeStatus(status, true).label);
    }
  });
});


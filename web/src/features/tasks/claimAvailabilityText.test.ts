import { describe, expect, it } from "vitest";
import { claimAvailabilityText } from "./claimAvailabilityText.ts";

const none = { done: 0, reveal: 0, "round-ending": 0, held: 0, full: 0 };

describe("claimAvailabilityText", () => {
  it("counts claimable batches, as a lower bound when the chain read stopped early", () => {
    expect(claimAvailabilityText({ claimableBatches: 1, blocked: none, nextFreeAt: null, nextRoundAt: null, complete: true }, 0, 600).headline).toBe("1 batch has a free slot for you now.");
    expect(claimAvailabilityText({ claimableBatches: 16, blocked: none, nextFreeAt: null, nextRoundAt: null, complete: false }, 0, 600).headline).toBe("At least 16 batches have a free slot for you now.");
  });

  it("says why no batch is claimable, and when the first claim on a full round expires", () => {
    const text = claimAvailabilityText({ claimableBatches: 0, blocked: { ...none, full: 2, held: 1, done: 3, "round-ending": 1 }, nextFreeAt: 1_300, nextRoundAt: null, complete: true }, 1_000, 600);
    expect(text.headline).toMatch(/^No batch has a free slot for you now/);
    expect(text.reasons).toEqual([
      "2 full: every slot of the current round is held by other annotators",
      "1 where you already hold a slot (one per annotator per batch)",
      "1 whose round's commit window ends in less than a claim's 10m to commit",
      "3 done",
    ]);
    expect(text.next).toBe(
      "The first claim on a full round expires in 5m: if it is not committed by then, its slot goes to the next claim",
    );
    expect(claimAvailabilityText({ claimableBatches: 0, blocked: { ...none, full: 1 }, nextFreeAt: 900, nextRoundAt: null, complete: true }, 1_000, 600).next).toBe(
      "A claim on a full round has just expired: its slot goes to the next claim",
    );
  });

  it("says when a round nobody committed to restarts, when that comes before the first claim expires", () => {
    const text = (nextFreeAt: number | null, nextRoundAt: number, now = 1_000) =>
      claimAvailabilityText({ claimableBatches: 0, blocked: { ...none, full: 1, "round-ending": 1 }, nextFreeAt, nextRoundAt, complete: true }, now, 600).next;
    expect(text(null, 1_240)).toBe("A round nobody has committed to restarts in 4m: claims can draw its slots again then");
    expect(text(1_300, 1_240)).toBe("A round nobody has committed to restarts in 4m: claims can draw its slots again then");
    expect(text(1_200, 1_240)).toBe("The first claim on a full round expires in 3m: if it is not committed by then, its slot goes to the next claim");
    expect(text(null, 1_000)).toBe("A round nobody committed to has just ended: claims can draw its slots again");
  });
});

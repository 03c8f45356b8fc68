import { describe, expect, it } from "vitest";
import { batchClaimability, claimsOver, emptyClaimAvailability, noBlocks, tallyClaimability, type ClaimAvailability, type ClaimBatchState, type ClaimSlotState } from "./claimableBatches.ts";

const task = { redundancy: 3, claimTtl: 600, commitWindow: 3_600, deadline: 100_000 };
const untouched: ClaimBatchState = { done: false, roundStart: 0, roundEnd: 0, committed: 0, commitDeadline: 0, revealOpensAt: 0 };
const running: ClaimBatchState = { ...untouched, roundEnd: 3, commitDeadline: 5_000 };
const me = "0xAAaAaAaaAaAaAaaAaAAAAAAAAaaaAaAaAaaAaaAa";
const other = (n: number): ClaimSlotState => ({ annotator: `0x${String(n).repeat(40)}`, state: "claimed", expiresAt: 2_000 });
const now = 1_000;

describe("batchClaimability", () => {
  it("gives an untouched batch its R free slots", () => {
    expect(batchClaimability(untouched, [], task, me, now)).toEqual({ freeSlots: 3, blocked: null, nextFreeAt: null, nextRoundAt: null });
  });

  it("counts empty and expired claims of the round as free, live claims and commits as taken", () => {
    const slots = [other(1), { ...other(2), expiresAt: 900 }, undefined];
    expect(batchClaimability(running, slots, task, me, now)).toEqual({ freeSlots: 2, blocked: null, nextFreeAt: null, nextRoundAt: null });
  });

  it("says when a full round's first live claim expires", () => {
    const slots = [{ ...other(1), expiresAt: 1_700 }, { ...other(2), state: "committed" as const }, { ...other(3), expiresAt: 1_500 }];
    expect(batchClaimability(running, slots, task, me, now)).toEqual({ freeSlots: 0, blocked: "full", nextFreeAt: 1_500, nextRoundAt: null });
  });

  it("refuses a batch the annotator holds a slot of, in any round and in any case of the address", () => {
    const extraRound: ClaimBatchState = { ...running, roundStart: 3, roundEnd: 4, commitDeadline: 0 };
    const slots = [other(1), { annotator: me.toLowerCase(), state: "revealed" as const, expiresAt: 0 }, other(3), undefined];
    expect(batchClaimability(extraRound, slots, task, me, now).blocked).toBe("held");
    // an expired claim of one's own still counts: the contract never hands a batch back to the same annotator
    expect(batchClaimability(running, [{ annotator: me, state: "claimed", expiresAt: 10 }], task, me, now).blocked).toBe("held");
  });

  it("only counts the current round's slots as free", () => {
    const extraRound = { ...running, roundStart: 3, roundEnd: 5, commitDeadline: 0 };
    const slots = [undefined, undefined, undefined, other(4), undefined];
    expect(batchClaimability(extraRound, slots, task, me, now).freeSlots).toBe(1);
  });

  it("refuses done batches and rounds past commits", () => {
    expect(batchClaimability({ ...running, done: true }, [], task, me, now).blocked).toBe("done");
    expect(batchClaimability({ ...running, revealOpensAt: 900 }, [], task, me, now).blocked).toBe("reveal");
    expect(batchClaimability({ ...running, committed: 1, commitDeadline: 1_000 }, [], task, me, now).blocked).toBe("reveal");
  });

  it("restarts a round nobody committed in, as assign does", () => {
    const lapsed = { ...running, commitDeadline: 800 };
    expect(batchClaimability(lapsed, [{ ...other(1), expiresAt: 700 }], task, me, now)).toEqual({ freeSlots: 3, blocked: null, nextFreeAt: null, nextRoundAt: null });
  });

  it("refuses a round whose commit window, or the task, ends before a new claim's time to commit", () => {
    expect(batchClaimability({ ...running, commitDeadline: now + task.claimTtl - 1 }, [], task, me, now).blocked).toBe("round-ending");
    expect(batchClaimability({ ...running, commitDeadline: now + task.claimTtl }, [], task, me, now).blocked).toBe(null);
    expect(batchClaimability(untouched, [], { ...task, deadline: now + task.claimTtl - 1 }, me, now).blocked).toBe("round-ending");
  });

  it("says when a round nobody committed to restarts, unless someone has committed or the task's claims are over by then", () => {
    const ending = { ...running, commitDeadline: now + task.claimTtl - 1 };
    expect(batchClaimability(ending, [other(1)], task, me, now)).toEqual({ freeSlots: 0, blocked: "round-ending", nextFreeAt: null, nextRoundAt: ending.commitDeadline });
    expect(batchClaimability({ ...ending, committed: 1 }, [], task, me, now).nextRoundAt).toBe(null);
    // The task ends less than a claim's time after the round's deadline: no claim can take the restarted round.
    expect(batchClaimability(ending, [], { ...task, deadline: ending.commitDeadline + task.claimTtl - 1 }, me, now).nextRoundAt).toBe(null);
    expect(batchClaimability(ending, [], { ...task, deadline: ending.commitDeadline + task.claimTtl }, me, now).nextRoundAt).toBe(ending.commitDeadline);
    // The task itself ends too soon: nothing restarts.
    expect(batchClaimability(untouched, [], { ...task, deadline: now + task.claimTtl - 1 }, me, now)).toMatchObject({ blocked: "round-ending", nextRoundAt: null });
  });

  it("claimsOver holds exactly when every batch, whatever its round, refuses claims as round-ending", () => {
    for (const deadline of [now + task.claimTtl - 1, now + task.claimTtl, now + task.claimTtl + 1]) {
      const t = { ...task, deadline };
      // A round's commit deadline is never after the task's (assign takes the earlier of the two).
      const batches = [untouched, { ...running, commitDeadline: Math.min(running.commitDeadline, deadline) }, { ...running, commitDeadline: 800 }];
      const everyOneEnding = batches.every((b) => batchClaimability(b, [], t, me, now).blocked === "round-ending");
      expect(claimsOver(t, now)).toBe(deadline < now + task.claimTtl);
      if (claimsOver(t, now)) expect(everyOneEnding).toBe(true);
    }
  });
});

describe("tallyClaimability", () => {
  it("sums claimable batches, free slots and reasons, and keeps the earliest expiry and round restart", () => {
    const tally: ClaimAvailability = emptyClaimAvailability();
    tallyClaimability(tally, { freeSlots: 2, blocked: null, nextFreeAt: null, nextRoundAt: null });
    tallyClaimability(tally, { freeSlots: 0, blocked: "full", nextFreeAt: 1_800, nextRoundAt: null });
    tallyClaimability(tally, { freeSlots: 0, blocked: "full", nextFreeAt: 1_200, nextRoundAt: null });
    tallyClaimability(tally, { freeSlots: 0, blocked: "held", nextFreeAt: null, nextRoundAt: null });
    tallyClaimability(tally, { freeSlots: 0, blocked: "round-ending", nextFreeAt: null, nextRoundAt: 1_900 });
    tallyClaimability(tally, { freeSlots: 0, blocked: "round-ending", nextFreeAt: null, nextRoundAt: 1_400 });
    expect(tally).toEqual({ claimableBatches: 1, freeSlots: 2, scanned: 6, blocked: { ...noBlocks(), full: 2, held: 1, "round-ending": 2 }, nextFreeAt: 1_200, nextRoundAt: 1_400 });
  });

  it("adds a batch count times in one step, as many as a task may hold (2^32 - 1), and nothing for a count of 0", () => {
    const many = 2 ** 32 - 1;
    const tally = tallyClaimability(emptyClaimAvailability(), { freeSlots: 3, blocked: null, nextFreeAt: null, nextRoundAt: null }, many);
    tallyClaimability(tally, { freeSlots: 0, blocked: "round-ending", nextFreeAt: null, nextRoundAt: 900 }, many);
    tallyClaimability(tally, { freeSlots: 0, blocked: "full", nextFreeAt: 100, nextRoundAt: null }, 0);
    expect(tally).toEqual({ claimableBatches: many, freeSlots: 3 * many, scanned: 2 * many, blocked: { ...noBlocks(), "round-ending": many }, nextFreeAt: null, nextRoundAt: 900 });
  });
});

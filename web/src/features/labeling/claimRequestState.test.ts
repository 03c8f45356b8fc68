import { describe, expect, it } from "vitest";
import { claimRequestState, SEED_HASH_BLOCKS } from "./claimRequestState.ts";

const open = { closed: false, deadline: 2_000 };
const request = { count: 2, seedBlock: 1_000n, bond: 200n };
const at = (number: bigint, timestamp = 1_000) => ({ number, timestamp });

describe("claimRequestState", () => {
  it("is none without a pending request", () => {
    expect(claimRequestState(undefined, open, at(1_001n))).toEqual({ kind: "none" });
    expect(claimRequestState({ ...request, count: 0 }, open, at(5_000n))).toEqual({ kind: "none" });
  });

  it("waits while assign can still be mined within 256 blocks of the request", () => {
    expect(claimRequestState(request, open, at(1_000n))).toEqual({ kind: "waiting", count: 2, bond: 200n, seedBlock: 1_000n, blocksLeft: 256n });
    // head = seed + 255: the next block (seed + 256) is the last that still sees the seed's hash
    expect(claimRequestState(request, open, at(1_255n))).toMatchObject({ kind: "waiting", blocksLeft: 1n });
    expect(claimRequestState(request, open, undefined)).toMatchObject({ kind: "waiting", blocksLeft: undefined });
  });

  it("has lapsed once the next block is more than 256 blocks after the request", () => {
    expect(SEED_HASH_BLOCKS).toBe(256n);
    expect(claimRequestState(request, open, at(1_256n))).toEqual({ kind: "lapsed", count: 2, bond: 200n, seedBlock: 1_000n });
    expect(claimRequestState(request, open, at(9_999n))).toMatchObject({ kind: "lapsed" });
  });

  it("refunds on a closed or ended task, stale or not, as the contract does", () => {
    expect(claimRequestState(request, { ...open, closed: true }, at(9_999n))).toMatchObject({ kind: "refundable", reason: "closed" });
    expect(claimRequestState(request, open, at(9_999n, 2_000))).toMatchObject({ kind: "refundable", reason: "ended" });
    expect(claimRequestState(request, open, at(1_001n, 2_500))).toMatchObject({ kind: "refundable", reason: "ended" });
  });
});

import { bytesToHex, hexToBytes, type Hex } from "viem";
import { CrowdlabelError } from "../errors.ts";

export class LabelCountMismatchError extends CrowdlabelError {
  override name = "LabelCountMismatchError";
  constructor({ slot, expected, got }: { slot: number; expected: number; got: number }) {
    super(`Slot ${slot} revealed ${got} labels; the batch has ${expected} items.`, {
      details: "Each revealed label vector has exactly one byte per item of the batch.",
    });
  }
}

export type ComputeConsensusParameters = {
  /** Revealed label vectors of every slot opened so far, all rounds, in slot order; null for a slot that did not reveal. */
  labels: readonly (Hex | Uint8Array | null)[];
  /** Items in the batch. */
  itemCount: number;
  /** Votes the unique plurality class needs to become consensus. */
  minAgreement: number;
  /** Named classes (2..255); the votes array has classCount + 1 entries (the last is "cannot label"). Inferred from the labels if omitted. */
  classCount?: number;
  /** Items resolved by earlier rounds (bit i = item i): they keep `previousConsensus[i]` and are not recounted. */
  previouslyResolvedMask?: bigint;
  /** Consensus of earlier rounds, one byte per item (only bits set in `previouslyResolvedMask` are read). */
  previousConsensus?: Hex | Uint8Array | readonly number[];
  /** R: slots bought per item in the first round. Defaults to the number of slots so far. */
  redundancy?: number;
  /** R_max: slot limit with adaptive redundancy. Defaults to `redundancy` (no extra rounds). */
  maxRedundancy?: number;
  /** Slots opened so far over all rounds (revealed or not). Defaults to `labels.length`. */
  slotsSoFar?: number;
};

export type ItemConsensus = {
  /** The consensus class, or null when the item is unresolved. */
  consensus: number | null;
  /** Votes of the most voted value (over the labels counted for this item). */
  topCount: number;
  /** Votes per label value 0..classCount (index classCount = "cannot label"), over all revealed slots. */
  votes: number[];
  /** Whether this round counted the item (false when an earlier round had resolved it). */
  counted: boolean;
};

export type ConsensusResult = {
  items: ItemConsensus[];
  /** Bit i set when item i has consensus (cumulative over rounds), as in `BatchFinalised.resolvedMask`. */
  resolvedMask: bigint;
  /** Items resolved by this round, as in `BatchFinalised.newlyResolvedMask`. */
  newlyResolvedMask: bigint;
  /** One byte per item: the consensus class of every resolved item (cumulative), 0 where unresolved. */
  consensusBytes: Hex;
  /** One byte per item as `BatchFinalised.consensus`: the class of items resolved by this round, 0 elsewhere. */
  roundConsensusBytes: Hex;
  /** Per slot: labels of newly resolved items equal to their consensus (what `RewardCredited.agreed` pays), 0 for silent slots. */
  agreed: number[];
  unresolvedCount: number;
  /** Most extra votes any unresolved item needs to possibly resolve (a tie at or above the bar needs 1); 0 when all resolved. As `Consensus.tally`'s `extraNeeded`. */
  extraNeeded: number;
  /** Slots of the extra round the contract would open now (0 when everything is resolved or R_max is reached). */
  extraSlots: number;
};

function toBytes(value: Hex | Uint8Array | readonly number[]): Uint8Array {
  if (typeof value === "string") return hexToBytes(value);
  return value instanceof Uint8Array ? value : Uint8Array.from(value);
}

/**
 * The contract's consensus rule. Per item, over the labels counted: consensus iff the top vote
 * count reaches `minAgreement` and exactly one value has it; otherwise unresolved. Later rounds
 * (adaptive redundancy) only count items unresolved before them, with votes cumulative over
 * every revealed slot of every round; items resolved earlier keep their consensus.
 *
 * Extra slots: `needed = max(1, max over unresolved items of (minAgreement - topCount))`,
 * `extra = min(maxRedundancy - slotsSoFar, max(redundancy - slotsSoFar, needed))`, floored at 0.
 */
export function computeConsensus(params: ComputeConsensusParameters): ConsensusResult {
  const { itemCount, minAgreement } = params;
  const vectors: Uint8Array[] = [];
  params.labels.forEach((vector, slot) => {
    if (vector === null) return;
    const bytes = toBytes(vector);
    if (bytes.length !== itemCount) throw new LabelCountMismatchError({ slot, expected: itemCount, got: bytes.length });
    vectors.push(bytes);
  });

  let classCount = params.classCount;
  if (classCount === undefined) {
    let max = 0;
    for (const v of vectors) for (const label of v) if (label > max) max = label;
    classCount = max;
  }
  const valueCount = classCount + 1;

  const previousMask = params.previouslyResolvedMask ?? 0n;
  const previous = params.previousConsensus === undefined ? undefined : toBytes(params.previousConsensus);
  const consensusBytes = new Uint8Array(itemCount);
  const roundConsensusBytes = new Uint8Array(itemCount);
  const slotOfVector: number[] = [];
  params.labels.forEach((vector, slot) => {
    if (vector !== null) slotOfVector.push(slot);
  });
  const agreed = new Array<number>(params.labels.length).fill(0);
  let newlyResolvedMask = 0n;
  const items: ItemConsensus[] = new Array(itemCount);
  let resolvedMask = 0n;
  let unresolvedCount = 0;
  let needed = 0;

  for (let i = 0; i < itemCount; i++) {
    const votes = new Array<number>(valueCount).fill(0);
    for (const v of vectors) {
      const label = v[i]!;
      if (label >= valueCount) throw new CrowdlabelError(`Label ${label} of item ${i} is above the class count ${classCount}.`);
      votes[label]!++;
    }
    let topCount = 0;
    let top = -1;
    let tied = false;
    for (let c = 0; c < valueCount; c++) {
      const n = votes[c]!;
      if (n > topCount) {
        topCount = n;
        top = c;
        tied = false;
      } else if (n === topCount && n > 0) tied = true;
    }

    const bit = 1n << BigInt(i);
    if ((previousMask & bit) !== 0n) {
      const kept = previous?.[i];
      if (kept === undefined) throw new CrowdlabelError(`Item ${i} is marked resolved but previousConsensus has no value for it.`);
      consensusBytes[i] = kept;
      resolvedMask |= bit;
      items[i] = { consensus: kept, topCount, votes, counted: false };
      continue;
    }
    if (top >= 0 && !tied && topCount >= minAgreement) {
      consensusBytes[i] = top;
      roundConsensusBytes[i] = top;
      resolvedMask |= bit;
      newlyResolvedMask |= bit;
      vectors.forEach((v, k) => {
        if (v[i] === top) agreed[slotOfVector[k]!]!++;
      });
      items[i] = { consensus: top, topCount, votes, counted: true };
    } else {
      unresolvedCount++;
      needed = Math.max(needed, minAgreement - topCount);
      items[i] = { consensus: null, topCount, votes, counted: true };
    }
  }

  let extraSlots = 0;
  if (unresolvedCount > 0) {
    const slotsSoFar = params.slotsSoFar ?? params.labels.length;
    const redundancy = params.redundancy ?? slotsSoFar;
    const maxRedundancy = params.maxRedundancy ?? redundancy;
    extraSlots = Math.max(
      0,
      Math.min(maxRedundancy - slotsSoFar, Math.max(redundancy - slotsSoFar, Math.max(needed, 1))),
    );
  }

  return {
    items,
    resolvedMask,
    newlyResolvedMask,
    consensusBytes: bytesToHex(consensusBytes),
    roundConsensusBytes: bytesToHex(roundConsensusBytes),
    agreed,
    unresolvedCount,
    extraNeeded: unresolvedCount > 0 ? Math.max(needed, 1) : 0,
    extraSlots,
  };
}

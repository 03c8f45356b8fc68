import { bytesToHex, hexToBytes, type Hex } from "viem";
import { CrowdlabelError } from "../errors.ts";
import { MAX_REDUNDANCY } from "../chain/taskLimits.ts";

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
  /** R: labels bought per item before anything resolves (the contract tallies nothing while fewer were bought). Defaults to the number of slots so far. */
  redundancy?: number;
  /** R_max: slot limit with adaptive redundancy. Defaults to `redundancy` (no extra rounds). */
  maxRedundancy?: number;
  /** Labels bought so far over all rounds: committed slots, revealed or not (the contract's `Batch.bought` after this round). Defaults to `labels.length`. */
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
  /** Most extra votes any unresolved item needs to possibly resolve (a tie at or above the bar needs 1); 0 when all resolved or fewer than R labels were bought. As `Consensus.tally`'s `extraNeeded`. */
  extraNeeded: number;
  /** Fewest extra votes any unresolved item needs to possibly resolve; 0 as `extraNeeded`. As `Consensus.tally`'s `fewestNeeded`. */
  fewestNeeded: number;
  /** Slots of the extra round the contract would open now: 0 when everything is resolved, R_max is reached, or no item can resolve with the labels left. */
  extraSlots: number;
};

function toBytes(value: Hex | Uint8Array | readonly number[]): Uint8Array {
  if (typeof value === "string") return hexToBytes(value);
  return value instanceof Uint8Array ? value : Uint8Array.from(value);
}

/**
 * Whether a round that leaves a batch with `bought` labels bought and `slotsUsed` slot indices used resolves nothing
 * (`Crowdlabel._defersConsensus`): fewer than R labels bought, while the indices left (MAX_REDUNDANCY in all) can still
 * top the batch up to R. Such a round pays nobody and stays off the gate counters until the round after it.
 */
export function defersConsensus(p: { redundancy: number; bought: number; slotsUsed: number }): boolean {
  return p.bought < p.redundancy && p.redundancy - p.bought <= MAX_REDUNDANCY - p.slotsUsed;
}

/**
 * The contract's consensus rule. Per item, over the labels counted: consensus iff the top vote
 * count reaches `minAgreement` and exactly one value has it; otherwise unresolved. Later rounds
 * (adaptive redundancy) only count items unresolved before them, with votes cumulative over
 * every revealed slot of every round; items resolved earlier keep their consensus.
 *
 * While fewer than `redundancy` labels were bought (`slotsSoFar`), nothing resolves and the extra
 * round tops the batch up to R, unless the slot indices left (MAX_REDUNDANCY - labels.length)
 * cannot reach R anymore. Otherwise, with `left = maxRedundancy - slotsSoFar`: no extra
 * round when `left` is below the fewest votes any unresolved item needs; else `extra = min(left,
 * max(redundancy - slotsSoFar, needed))`, `needed = max(1, max over unresolved items of
 * (minAgreement - topCount))`.
 */
export function computeConsensus(params: ComputeConsensusParameters): ConsensusResult {
  const { itemCount } = params;
  const slotsSoFar = params.slotsSoFar ?? params.labels.length;
  const redundancy = params.redundancy ?? slotsSoFar;
  const maxRedundancy = params.maxRedundancy ?? redundancy;
  const belowRedundancy = defersConsensus({ redundancy, bought: slotsSoFar, slotsUsed: params.labels.length });
  const minAgreement = belowRedundancy ? Number.POSITIVE_INFINITY : params.minAgreement;
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
  let fewest = Number.POSITIVE_INFINITY;

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
      fewest = Math.min(fewest, Math.max(1, minAgreement - topCount));
      items[i] = { consensus: null, topCount, votes, counted: true };
    }
  }

  const extraNeeded = unresolvedCount > 0 && !belowRedundancy ? Math.max(needed, 1) : 0;
  const fewestNeeded = unresolvedCount > 0 && !belowRedundancy ? fewest : 0;
  const labelsLeft = Math.max(0, maxRedundancy - slotsSoFar);
  const extraSlots =
    unresolvedCount === 0 || fewestNeeded > labelsLeft ? 0 : Math.min(labelsLeft, Math.max(redundancy - slotsSoFar, extraNeeded));

  return {
    items,
    resolvedMask,
    newlyResolvedMask,
    consensusBytes: bytesToHex(consensusBytes),
    roundConsensusBytes: bytesToHex(roundConsensusBytes),
    agreed,
    unresolvedCount,
    extraNeeded,
    fewestNeeded,
    extraSlots,
  };
}

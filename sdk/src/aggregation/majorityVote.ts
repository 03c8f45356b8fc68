import type { CrowdLabels } from "./crowdLabels.ts";
import { seededRandom } from "./random.ts";

export type TieBreak = "lowest" | "random" | "none";

export type MajorityVoteOptions = {
  /**
   * What to do when several classes share the top vote count:
   * - `"lowest"` (default): the lowest class id wins — deterministic and reproducible;
   * - `"random"`: a uniformly random tied class, from a PRNG seeded with `seed`;
   * - `"none"`: the item stays unlabeled (null), like the contract's unresolved items.
   */
  tieBreak?: TieBreak;
  /** Seed of the `"random"` tie break (default 0). */
  seed?: number;
};

export type MajorityVoteResult = {
  /** Winning class per item; null for items without labels (or ties with `tieBreak: "none"`). */
  labels: (number | null)[];
  /** Vote share of each class per item, row-major itemCount x classCount (rows of unlabeled items are 0). */
  posteriors: Float64Array;
  /** Vote share of the winning class per item (0 when null). */
  confidence: number[];
  /** Items whose top count was shared by two or more classes. */
  tieCount: number;
};

/** Plurality vote per item. */
export function majorityVote(data: CrowdLabels, options: MajorityVoteOptions = {}): MajorityVoteResult {
  const { itemCount, classCount, itemStart, label } = data;
  const tieBreak = options.tieBreak ?? "lowest";
  const random = seededRandom(options.seed ?? 0);
  const posteriors = new Float64Array(itemCount * classCount);
  const labels: (number | null)[] = new Array(itemCount);
  const confidence: number[] = new Array(itemCount);
  const counts = new Float64Array(classCount);
  let tieCount = 0;
  for (let i = 0; i < itemCount; i++) {
    const start = itemStart[i]!;
    const end = itemStart[i + 1]!;
    counts.fill(0);
    for (let n = start; n < end; n++) counts[label[n]!]!++;
    const total = end - start;
    if (total === 0) {
      labels[i] = null;
      confidence[i] = 0;
      continue;
    }
    let top = 0;
    for (let c = 0; c < classCount; c++) if (counts[c]! > top) top = counts[c]!;
    const tied: number[] = [];
    for (let c = 0; c < classCount; c++) {
      posteriors[i * classCount + c] = counts[c]! / total;
      if (counts[c] === top) tied.push(c);
    }
    if (tied.length > 1) tieCount++;
    const winner =
      tied.length === 1 || tieBreak === "lowest" ? tied[0]! : tieBreak === "random" ? tied[Math.floor(random() * tied.length)]! : null;
    labels[i] = winner;
    confidence[i] = winner === null ? 0 : top / total;
  }
  return { labels, posteriors, confidence, tieCount };
}

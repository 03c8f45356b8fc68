import { describe, expect, test } from "vitest";
import { seededRandom } from "@crowdlabel/sdk";
import { shouldRunDawidSkene } from "../../src/reputation/dawidSkeneSchedule.ts";
import { normalizedEntropy } from "../../src/reputation/normalizedEntropy.ts";
import { peerPrediction } from "../../src/reputation/peerPrediction.ts";
import { reputationScore } from "../../src/reputation/reputationScore.ts";
import { seedFromLog } from "../../src/reputation/seedFromLog.ts";
import { taskDawidSkene } from "../../src/reputation/taskDawidSkene.ts";

/** Batches of `items` items, `honest` workers right with probability `accuracy`, one worker always answering `constant`. */
function simulate({ batches, items, honest, accuracy, classes, constant }: { batches: number; items: number; honest: number; accuracy: number; classes: number; constant: number }) {
  const random = seededRandom(42);
  const perWorker = new Array<{ same: number; diff: number; count: number }>(honest + 1).fill({ same: 0, diff: 0, count: 0 }).map(() => ({ same: 0, diff: 0, count: 0 }));
  for (let b = 0; b < batches; b++) {
    // Skewed truth: class 0 is the most common answer.
    const truth = Array.from({ length: items }, () => (random() < 0.5 ? 0 : 1 + Math.floor(random() * (classes - 1))));
    const vectors = Array.from({ length: honest }, () => Uint8Array.from(truth.map((t) => (random() < accuracy ? t : Math.floor(random() * classes)))));
    vectors.push(Uint8Array.from(truth.map(() => constant)));
    const tallies = peerPrediction(vectors, vectors.map((_, i) => i), b + 1);
    tallies.forEach((t, w) => {
      perWorker[w]!.same += t.same;
      perWorker[w]!.diff += t.diff;
      perWorker[w]!.count += t.count;
    });
  }
  return perWorker.map((t) => (t.same - t.diff) / t.count);
}

describe("peer prediction", () => {
  test("always answering the most common class scores about zero; informed workers score well above", () => {
    const scores = simulate({ batches: 400, items: 10, honest: 3, accuracy: 0.9, classes: 4, constant: 0 });
    const constant = scores.at(-1)!;
    expect(Math.abs(constant)).toBeLessThan(0.05);
    for (const s of scores.slice(0, -1)) expect(s).toBeGreaterThan(0.3);
  });

  test("the pairing is a pure function of the seed", () => {
    const vectors = [Uint8Array.from([0, 1, 2, 0]), Uint8Array.from([0, 1, 1, 0]), Uint8Array.from([2, 1, 2, 0])];
    expect(peerPrediction(vectors, [0, 1, 2], 7)).toEqual(peerPrediction(vectors, [0, 1, 2], 7));
    expect(seedFromLog(`0x${"11".repeat(32)}`, 3)).toBe(seedFromLog(`0x${"11".repeat(32)}`, 3));
    expect(seedFromLog(`0x${"11".repeat(32)}`, 3)).not.toBe(seedFromLog(`0x${"11".repeat(32)}`, 4));
  });

  test("a single vector or a single item scores nothing", () => {
    expect(peerPrediction([Uint8Array.from([1, 2])], [0], 1)).toEqual([{ same: 0, diff: 0, count: 0 }]);
    expect(peerPrediction([Uint8Array.from([1]), Uint8Array.from([1])], [0, 1], 1)).toEqual([
      { same: 0, diff: 0, count: 0 },
      { same: 0, diff: 0, count: 0 },
    ]);
  });
});

describe("reputation score", () => {
  const base = { labelsRevealed: 0, labelsScored: 0, labelsAgreed: 0, ppSame: 0, ppDiff: 0, ppCount: 0, goldTotal: 0, goldCorrect: 0, dsSkillWeighted: 0, dsLabels: 0 };

  test("a newcomer scores 0", () => {
    expect(reputationScore(base).score).toBe(0);
  });

  test("the documented formula", () => {
    const input = { ...base, labelsRevealed: 150, labelsScored: 150, labelsAgreed: 148, ppSame: 140, ppDiff: 40, ppCount: 150, goldTotal: 8, goldCorrect: 8, dsSkillWeighted: 0.8 * 150, dsLabels: 150 };
    const { score, breakdown } = reputationScore(input);
    const A = 149 / 152;
    const P = 100 / 152;
    const G = 9 / 10;
    const D = 0.8;
    const quality = (0.15 * A + 0.15 * P + 0.35 * G + 0.35 * D) / 1;
    expect(breakdown.quality).toBeCloseTo(quality, 12);
    expect(breakdown.confidence).toBe(0.75);
    expect(score).toBe(Math.round(1000 * quality * 0.75));
  });

  test("missing components are left out of the weighted mean; negative peer prediction counts as 0", () => {
    const { breakdown } = reputationScore({ ...base, labelsRevealed: 50, labelsScored: 50, labelsAgreed: 24, ppSame: 0, ppDiff: 30, ppCount: 50 });
    expect(breakdown.goldAccuracy).toBeNull();
    expect(breakdown.dsSkill).toBeNull();
    expect(breakdown.peerPrediction).toBeCloseTo(-30 / 52, 12);
    expect(breakdown.quality).toBeCloseTo((0.15 * (25 / 52)) / 0.3, 12);
  });
});

describe("helpers", () => {
  test("normalized entropy", () => {
    expect(normalizedEntropy([10, 0, 0])).toBe(0);
    expect(normalizedEntropy([5, 5, 5])).toBeCloseTo(1, 12);
    expect(normalizedEntropy([0, 0, 0])).toBe(1);
  });

  test("Dawid-Skene schedule: every finalisation at first, then every quarter, and at completion", () => {
    const runs: number[] = [];
    let last = 0;
    for (let f = 1; f <= 40; f++)
      if (shouldRunDawidSkene({ finalisations: f, lastRun: last, complete: false })) {
        runs.push(f);
        last = f;
      }
    expect(runs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33, 41].filter((f) => f <= 40));
    expect(shouldRunDawidSkene({ finalisations: 34, lastRun: 33, complete: true })).toBe(true);
    expect(shouldRunDawidSkene({ finalisations: 33, lastRun: 33, complete: true })).toBe(false);
  });

  test("task Dawid-Skene rates a worker who disagrees with two agreeing peers lower", () => {
    const labels = (v: number[]) => `0x${v.map((x) => x.toString(16).padStart(2, "0")).join("")}` as const;
    const vectors = [0, 1, 2, 3].flatMap((batchId) => [
      { annotator: "0xaa" as const, batchId, labels: labels([0, 1, 2, 1]) },
      { annotator: "0xbb" as const, batchId, labels: labels([0, 1, 2, 1]) },
      { annotator: "0xcc" as const, batchId, labels: labels([2, 0, 1, 1]) },
    ]);
    const estimates = taskDawidSkene({ vectors, batchSize: 4, classCount: 3 });
    expect(estimates.get("0xaa")!.accuracy).toBeGreaterThan(estimates.get("0xcc")!.accuracy!);
    expect(estimates.get("0xaa")!.skill).toBeGreaterThan(0.9);
    expect(estimates.get("0xaa")!.skill).toBeGreaterThan(estimates.get("0xcc")!.skill);
    expect(estimates.get("0xaa")!.labels).toBe(16);
    expect(estimates.get("0xaa")!.confusion).toHaveLength(4);
  });

  test("task Dawid-Skene rests on items two or more annotators labeled: random labels nobody shares earn no skill", () => {
    const random = seededRandom(7);
    const coinFlips = () => `0x${Array.from({ length: 10 }, () => (random() < 0.5 ? "00" : "01")).join("")}` as const;
    // A redundancy-1 task: five workers on their own batches, each label a coin flip. Fitted on every label, each scored 0.78 to 0.98.
    const lone = Array.from({ length: 50 }, (_, batchId) => ({ annotator: `0x0${batchId % 5}` as const, batchId, labels: coinFlips() }));
    const alone = taskDawidSkene({ vectors: lone, batchSize: 10, classCount: 2 });
    expect([...alone.values()]).toEqual(Array.from({ length: 5 }, () => ({ accuracy: null, skill: 0, labels: 0, confusion: null })));
    // With two agreeing peers on batch 0 only, their estimates rest on those 10 items; the coin flipper on batch 1 has none.
    const shared = [
      { annotator: "0xaa" as const, batchId: 0, labels: "0x00010001000100010001" as const },
      { annotator: "0xbb" as const, batchId: 0, labels: "0x00010001000100010001" as const },
      { annotator: "0xcc" as const, batchId: 1, labels: coinFlips() },
    ];
    const estimates = taskDawidSkene({ vectors: shared, batchSize: 10, classCount: 2 });
    expect(estimates.get("0xaa")!.labels).toBe(10);
    expect(estimates.get("0xcc")).toEqual({ accuracy: null, skill: 0, labels: 0, confusion: null });
  });
});

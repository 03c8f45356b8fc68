import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCrowdCsv } from "../../test/loadCrowdCsv.ts";
import { buildCrowdLabels, sharedItemsOnly } from "./crowdLabels.ts";
import { majorityVote } from "./majorityVote.ts";
import { dawidSkene } from "./dawidSkene.ts";
import { oneCoinDawidSkene } from "./oneCoinDawidSkene.ts";
import { accuracy } from "./accuracy.ts";
import { agreementRates, betaSmoothedRate } from "./agreementRate.ts";
import { goldAccuracy } from "./goldAccuracy.ts";
import { seededRandom } from "./random.ts";
import { ranks, spearman } from "./spearman.ts";

const dataDir = (name: string) => fileURLToPath(new URL(`../../test/data/${name}`, import.meta.url));
const bluebirds = loadCrowdCsv(dataDir("bluebirds"));
const rte = loadCrowdCsv(dataDir("rte"));
const acc = (set: typeof rte, predicted: (number | null)[]) => accuracy({ predicted, itemIds: set.data.itemIds, truth: set.truth });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("buildCrowdLabels", () => {
  it("groups labels by item with dense worker indices", () => {
    const data = buildCrowdLabels([
      { item: "b", worker: "x", label: 1 },
      { item: "a", worker: "y", label: 0 },
      { item: "b", worker: "y", label: 2 },
    ]);
    expect(data.itemIds).toEqual(["b", "a"]);
    expect(data.workerIds).toEqual(["x", "y"]);
    expect(data.classCount).toBe(3);
    expect(Array.from(data.itemStart)).toEqual([0, 2, 3]);
    expect(Array.from(data.worker)).toEqual([0, 1, 1]);
    expect(Array.from(data.label)).toEqual([1, 2, 0]);
  });

  it("keeps a fixed item order including unlabeled items, and rejects unknown ones", () => {
    const data = buildCrowdLabels([{ item: 2, worker: 0, label: 1 }], { items: [0, 1, 2], classCount: 2 });
    expect(Array.from(data.itemStart)).toEqual([0, 0, 0, 1]);
    expect(() => buildCrowdLabels([{ item: 9, worker: 0, label: 1 }], { items: [0] })).toThrow(/unknown item 9/);
    expect(() => buildCrowdLabels([{ item: 0, worker: 0, label: 3 }], { classCount: 2 })).toThrow(/out of range/);
  });
});

describe("majorityVote", () => {
  const tie = buildCrowdLabels(
    [0, 1, 2, 3].flatMap((item) => [
      { item, worker: "p", label: 2 },
      { item, worker: "q", label: 1 },
    ]).concat([{ item: 4, worker: "p", label: 0 }]),
    { classCount: 3, items: [0, 1, 2, 3, 4, 5] },
  );

  it("breaks ties to the lowest class by default, or leaves them unlabeled", () => {
    const result = majorityVote(tie);
    expect(result.labels).toEqual([1, 1, 1, 1, 0, null]);
    expect(result.tieCount).toBe(4);
    expect(result.confidence).toEqual([0.5, 0.5, 0.5, 0.5, 1, 0]);
    expect(Array.from(result.posteriors.subarray(0, 3))).toEqual([0, 0.5, 0.5]);
    expect(majorityVote(tie, { tieBreak: "none" }).labels).toEqual([null, null, null, null, 0, null]);
  });

  it("breaks ties randomly but reproducibly with a seed", () => {
    const a = majorityVote(tie, { tieBreak: "random", seed: 7 }).labels;
    expect(majorityVote(tie, { tieBreak: "random", seed: 7 }).labels).toEqual(a);
    expect(a.slice(0, 4).every((l) => l === 1 || l === 2)).toBe(true);
    const seen = new Set<number | null>();
    for (let seed = 0; seed < 20; seed++) seen.add(majorityVote(tie, { tieBreak: "random", seed }).labels[0]!);
    expect(seen).toEqual(new Set([1, 2]));
  });

  it("reproduces the known accuracies (bluebirds 0.759, rte 0.919 with ties to 0)", () => {
    expect(acc(bluebirds, majorityVote(bluebirds.data).labels)).toBeCloseTo(0.759, 2);
    expect(Math.abs(acc(bluebirds, majorityVote(bluebirds.data).labels) - 0.759)).toBeLessThan(0.005);
    expect(Math.abs(acc(rte, majorityVote(rte.data).labels) - 0.919)).toBeLessThan(0.005);
    // random tie-breaking lands near the README's 0.898 (seed-dependent)
    expect(Math.abs(acc(rte, majorityVote(rte.data, { tieBreak: "random", seed: 1 }).labels) - 0.898)).toBeLessThan(0.015);
  });
});

describe("dawidSkene", () => {
  it("reproduces bluebirds DS 0.898 where MV gets 0.759 (class-dependent worker bias)", () => {
    const result = dawidSkene(bluebirds.data);
    expect(Math.abs(acc(bluebirds, result.labels) - 0.898)).toBeLessThan(0.005);
    expect(result.converged).toBe(true);
  });

  it("reproduces rte DS 0.928", () => {
    const result = dawidSkene(rte.data);
    expect(Math.abs(acc(rte, result.labels) - 0.928)).toBeLessThan(0.005);
  });

  it("returns normalised posteriors, priors and confusion rows", () => {
    const { posteriors, priors, confusion, confidence, labels, workerAccuracy } = dawidSkene(rte.data);
    const K = rte.data.classCount;
    for (let i = 0; i < rte.data.itemCount; i++) {
      expect(posteriors[i * K]! + posteriors[i * K + 1]!).toBeCloseTo(1, 12);
      expect(confidence[i]).toBe(posteriors[i * K + labels[i]!]);
    }
    expect(priors[0]! + priors[1]!).toBeCloseTo(1, 12);
    for (const m of confusion) {
      expect(m[0]! + m[1]!).toBeCloseTo(1, 12);
      expect(m[2]! + m[3]!).toBeCloseTo(1, 12);
      expect(m.every((p) => p > 0)).toBe(true);
    }
    expect(workerAccuracy.every((a) => a > 0 && a < 1)).toBe(true);
  });

  it("estimates worker accuracy close to the accuracy measured on gold", () => {
    const ds = dawidSkene(bluebirds.data);
    const gold = goldAccuracy(bluebirds.data, bluebirds.truth);
    // README: mean worker accuracy 0.636
    expect(Math.abs(mean(gold.workers.map((w) => w.rawRate)) - 0.636)).toBeLessThan(0.005);
    expect(Math.abs(mean(ds.workerAccuracy) - 0.636)).toBeLessThan(0.05);
  });

  it("handles more than two classes and stops at maxIterations", () => {
    const triples = [];
    const truth = [0, 1, 2, 0, 1, 2, 2, 1, 0, 1];
    for (let item = 0; item < truth.length; item++) {
      triples.push({ item, worker: "good1", label: truth[item]! });
      triples.push({ item, worker: "good2", label: truth[item]! });
      triples.push({ item, worker: "shifted", label: (truth[item]! + 1) % 3 });
    }
    const data = buildCrowdLabels(triples, { classCount: 3 });
    const result = dawidSkene(data);
    expect(result.labels).toEqual(truth);
    expect(dawidSkene(data, { maxIterations: 1 }).iterations).toBe(1);
  });
});

describe("dawidSkene workerSkill", () => {
  // 500 items, truth 60% / 30% / 10%: always answering class 0 is "60% accurate".
  function imbalanced(classCount: number) {
    const random = seededRandom(7);
    const triples = [];
    for (let item = 0; item < 500; item++) {
      const r = random();
      const truth = r < 0.6 ? 0 : r < 0.9 ? 1 : 2;
      triples.push({ item, worker: "perfect", label: truth });
      for (const [worker, p] of [["good1", 0.8], ["good2", 0.75], ["mediocre", 0.5]] as const)
        triples.push({ item, worker, label: random() < p ? truth : Math.floor(random() * 3) });
      triples.push({ item, worker: "spammer", label: Math.floor(random() * 3) });
      triples.push({ item, worker: "constant", label: 0 });
    }
    const data = buildCrowdLabels(triples, { classCount });
    const result = dawidSkene(data);
    const of = (name: string) => {
      const w = data.workerIds.indexOf(name);
      return { accuracy: result.workerAccuracy[w]!, skill: result.workerSkill[w]! };
    };
    return { result, of };
  }

  it("scores a perfect annotator 1, a uniform spammer and a constant answerer about 0", () => {
    const { result, of } = imbalanced(3);
    expect(result.priors[0]).toBeCloseTo(0.606, 3);
    expect(of("perfect").skill).toBeGreaterThan(0.99);
    expect(of("spammer").skill).toBeLessThan(0.03);
    expect(of("constant").skill).toBeLessThan(0.001);
    // Raw accuracy credits the constant answerer with the majority class's prior.
    expect(of("constant").accuracy).toBeCloseTo(result.priors[0]!, 6);
  });

  it("separates a mediocre honest annotator from a constant answerer where raw accuracy barely does", () => {
    const { of } = imbalanced(3);
    expect(of("mediocre").accuracy).toBeCloseTo(0.644, 3);
    expect(of("constant").accuracy).toBeCloseTo(0.606, 3);
    expect(of("mediocre").skill).toBeCloseTo(0.491, 3);
    expect(of("good1").skill).toBeCloseTo(0.823, 3);
    expect(of("good2").skill).toBeCloseTo(0.777, 3);
  });

  it("counts only the classes present: an unused class changes nothing, one class alone gives 0", () => {
    const three = imbalanced(3).of;
    const four = imbalanced(4).of;
    for (const name of ["perfect", "good1", "mediocre", "spammer", "constant"]) expect(four(name).skill).toBeCloseTo(three(name).skill, 3);
    const single = buildCrowdLabels([0, 1, 2, 3].flatMap((item) => [{ item, worker: "a", label: 1 }, { item, worker: "b", label: 1 }]), { classCount: 2 });
    expect(dawidSkene(single).workerSkill).toEqual([0, 0]);
  });

  it("lists the classes it estimates to occur: an unused class and one no item is are left out", () => {
    expect(imbalanced(3).result.presentClasses).toEqual([0, 1, 2]);
    expect(imbalanced(4).result.presentClasses).toEqual([0, 1, 2]);
    const single = buildCrowdLabels([0, 1, 2, 3].flatMap((item) => [{ item, worker: "a", label: 1 }, { item, worker: "b", label: 1 }]), { classCount: 2 });
    expect(dawidSkene(single).presentClasses).toEqual([1]);
  });

  it("stays in [0, 1] on bluebirds", () => {
    const { workerSkill } = dawidSkene(bluebirds.data);
    expect(workerSkill).toHaveLength(39);
    expect(workerSkill.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(Math.max(...workerSkill)).toBeGreaterThan(0.8);
  });
});

describe("oneCoinDawidSkene", () => {
  it("reproduces rte one-coin DS 0.925", () => {
    expect(Math.abs(acc(rte, oneCoinDawidSkene(rte.data).labels) - 0.925)).toBeLessThan(0.005);
  });

  it("fails on bluebirds as documented (0.583): it cannot model class-dependent bias", () => {
    expect(Math.abs(acc(bluebirds, oneCoinDawidSkene(bluebirds.data).labels) - 0.583)).toBeLessThan(0.005);
  });
});

describe("agreement and gold accuracy", () => {
  it("smooths rates with a Beta prior", () => {
    expect(betaSmoothedRate({ agreed: 0, total: 0 })).toBe(0.5);
    expect(betaSmoothedRate({ agreed: 9, total: 10 })).toBe(10 / 12);
    expect(betaSmoothedRate({ agreed: 9, total: 10, alpha: 4, beta: 1 })).toBe(13 / 15);
  });

  it("counts agreement per worker, skipping unresolved items", () => {
    const data = buildCrowdLabels([
      { item: 0, worker: "a", label: 1 },
      { item: 0, worker: "b", label: 0 },
      { item: 1, worker: "a", label: 1 },
      { item: 2, worker: "a", label: 0 },
    ]);
    expect(agreementRates(data, [1, 1, null])).toEqual([
      { total: 2, agreed: 2, rawRate: 1, rate: 0.75 },
      { total: 1, agreed: 0, rawRate: 0, rate: 1 / 3 },
    ]);
  });

  it("measures gold accuracy on rte (mean worker 0.837, label-level 0.729)", () => {
    const gold = goldAccuracy(rte.data, rte.truth);
    expect(gold.goldLabels).toBe(8000);
    expect(Math.abs(gold.overall - 0.729)).toBeLessThan(0.005);
    expect(Math.abs(mean(gold.workers.map((w) => w.rawRate)) - 0.837)).toBeLessThan(0.005);
  });
});

describe("spearman", () => {
  it("correlates ranks, with ties sharing their average rank", () => {
    expect(ranks([10, 30, 20, 20])).toEqual([1, 4, 2.5, 2.5]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 1000])).toBe(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // Ranks [1, 2.5, 2.5, 4] against [1, 2, 3, 4]: 4.5 / sqrt(4.5 * 5).
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
    expect(spearman([1, 2], [1, 2])).toBeNaN();
    expect(spearman([5, 5, 5], [1, 2, 3])).toBeNaN();
  });
});

describe("sharedItemsOnly", () => {
  it("keeps the items two or more workers labeled, and every worker at its index", () => {
    const data = buildCrowdLabels([
      { item: "x", worker: "a", label: 0 },
      { item: "y", worker: "c", label: 1 },
      { item: "x", worker: "b", label: 1 },
      { item: "z", worker: "a", label: 2 },
      { item: "z", worker: "b", label: 2 },
    ]);
    const shared = sharedItemsOnly(data);
    expect(shared).toMatchObject({ itemCount: 2, workerCount: 3, classCount: 3, itemIds: ["x", "z"], workerIds: ["a", "c", "b"] });
    expect([...shared.itemStart]).toEqual([0, 2, 4]);
    expect([...shared.worker].map((w) => shared.workerIds[w])).toEqual(["a", "b", "a", "b"]);
    expect([...shared.label]).toEqual([0, 1, 2, 2]);
    expect(sharedItemsOnly(shared)).toBe(shared);
  });
});

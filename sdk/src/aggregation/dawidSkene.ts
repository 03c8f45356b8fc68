import type { CrowdLabels } from "./crowdLabels.ts";
import { majorityVote } from "./majorityVote.ts";

export type DawidSkeneOptions = {
  /** Stop when the mean log-likelihood per label changes by less than this (default 1e-6). */
  tolerance?: number;
  /** Upper bound on EM iterations (default 100). */
  maxIterations?: number;
  /**
   * Pseudo-count added to every confusion-matrix cell (and class prior) in the M-step (default 0.01),
   * so no probability is 0: a worker's single surprising label cannot veto a class forever.
   */
  smoothing?: number;
};

export type DawidSkeneModel = "full" | "one-coin";

export type DawidSkeneResult = {
  /** Most probable class per item (ties to the lowest class); null for items without labels. */
  labels: (number | null)[];
  /** Posterior class probabilities, row-major itemCount x classCount. */
  posteriors: Float64Array;
  /** Posterior of the chosen class per item (0 when null). */
  confidence: number[];
  /** Estimated class priors. */
  priors: Float64Array;
  /**
   * Classes estimated to occur (prior >= half an item), ascending. Smoothing gives every other class a tiny prior;
   * its confusion row is the smoothing alone and says nothing about the workers.
   */
  presentClasses: number[];
  /**
   * Per worker, a classCount x classCount row-major matrix: entry [k][l] = P(worker says l | true class k).
   * For one-coin DS, diagonal = the worker's accuracy and the rest spread evenly.
   */
  confusion: Float64Array[];
  /** Estimated accuracy per worker: sum_k prior_k * confusion[k][k]. */
  workerAccuracy: number[];
  /**
   * Chance-corrected balanced accuracy per worker, in [0, 1]: over the K' classes present (estimated prior
   * >= half an item), balanced = mean_c confusion[c][c], skill = max(0, (balanced - 1/K') / (1 - 1/K')); 0 when K' < 2.
   * `workerAccuracy` credits a worker who always answers the most common class with that class's prior, as much as
   * a mediocre honest worker; here such a worker, like a uniform random one, scores about 0 and a perfect one 1.
   */
  workerSkill: number[];
  /** Log-likelihood of the labels under the final model. */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
};

/**
 * Dawid-Skene (1979) EM: each worker has a confusion matrix, items have latent true classes.
 * Initialised from majority-vote shares, then alternates M-step (priors, confusion matrices from
 * the posteriors, with additive smoothing) and E-step (posteriors from priors and confusions) until
 * the log-likelihood stops improving. `model: "one-coin"` ties each worker to a single accuracy.
 */
export function dawidSkene(data: CrowdLabels, options: DawidSkeneOptions & { model?: DawidSkeneModel } = {}): DawidSkeneResult {
  const { itemCount, workerCount, classCount: K, itemStart, worker, label } = data;
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 100;
  const smoothing = options.smoothing ?? 0.01;
  const oneCoin = options.model === "one-coin";
  const labelCount = label.length;
  const KK = K * K;

  const mv = majorityVote(data);
  const T = mv.posteriors;
  const labeled: boolean[] = new Array(itemCount);
  let labeledCount = 0;
  for (let i = 0; i < itemCount; i++) {
    labeled[i] = itemStart[i + 1]! > itemStart[i]!;
    if (labeled[i]) labeledCount++;
  }

  const priors = new Float64Array(K);
  const counts = new Float64Array(workerCount * KK);
  const logConf = new Float64Array(workerCount * KK);
  const logPrior = new Float64Array(K);
  const workerLabels = new Float64Array(workerCount);
  const workerCorrect = new Float64Array(workerCount);
  const logRow = new Float64Array(K);

  const mStep = () => {
    priors.fill(smoothing);
    for (let i = 0; i < itemCount; i++) {
      if (!labeled[i]) continue;
      for (let k = 0; k < K; k++) priors[k]! += T[i * K + k]!;
    }
    const priorTotal = labeledCount + K * smoothing;
    for (let k = 0; k < K; k++) {
      priors[k]! /= priorTotal;
      logPrior[k] = Math.log(priors[k]!);
    }
    if (oneCoin) {
      workerLabels.fill(0);
      workerCorrect.fill(0);
      for (let i = 0; i < itemCount; i++) {
        for (let n = itemStart[i]!; n < itemStart[i + 1]!; n++) {
          const w = worker[n]!;
          workerLabels[w]!++;
          workerCorrect[w]! += T[i * K + label[n]!]!;
        }
      }
      for (let w = 0; w < workerCount; w++) {
        const accuracy = (workerCorrect[w]! + smoothing) / (workerLabels[w]! + 2 * smoothing);
        const logRight = Math.log(accuracy);
        const logWrong = Math.log((1 - accuracy) / (K - 1));
        for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) logConf[w * KK + k * K + l] = k === l ? logRight : logWrong;
      }
      return;
    }
    counts.fill(smoothing);
    for (let i = 0; i < itemCount; i++) {
      const row = i * K;
      for (let n = itemStart[i]!; n < itemStart[i + 1]!; n++) {
        const base = worker[n]! * KK + label[n]!;
        for (let k = 0; k < K; k++) counts[base + k * K]! += T[row + k]!;
      }
    }
    for (let w = 0; w < workerCount; w++) {
      for (let k = 0; k < K; k++) {
        const base = w * KK + k * K;
        let total = 0;
        for (let l = 0; l < K; l++) total += counts[base + l]!;
        const logTotal = Math.log(total);
        for (let l = 0; l < K; l++) logConf[base + l] = Math.log(counts[base + l]!) - logTotal;
      }
    }
  };

  const eStep = (): number => {
    let logLikelihood = 0;
    for (let i = 0; i < itemCount; i++) {
      const row = i * K;
      for (let k = 0; k < K; k++) logRow[k] = logPrior[k]!;
      for (let n = itemStart[i]!; n < itemStart[i + 1]!; n++) {
        const base = worker[n]! * KK + label[n]!;
        for (let k = 0; k < K; k++) logRow[k]! += logConf[base + k * K]!;
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (logRow[k]! > max) max = logRow[k]!;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(logRow[k]! - max);
      const logSum = max + Math.log(sum);
      for (let k = 0; k < K; k++) T[row + k] = Math.exp(logRow[k]! - logSum);
      if (labeled[i]) logLikelihood += logSum;
    }
    return logLikelihood;
  };

  let previous = -Infinity;
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    mStep();
    logLikelihood = eStep();
    iterations++;
    if (Math.abs(logLikelihood - previous) / Math.max(1, labelCount) < tolerance) {
      converged = true;
      break;
    }
    previous = logLikelihood;
  }
  // Report the parameters that go with the final posteriors.
  mStep();

  const labels: (number | null)[] = new Array(itemCount);
  const confidence: number[] = new Array(itemCount);
  for (let i = 0; i < itemCount; i++) {
    if (!labeled[i]) {
      labels[i] = null;
      confidence[i] = 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < K; k++) if (T[i * K + k]! > T[i * K + best]!) best = k;
    labels[i] = best;
    confidence[i] = T[i * K + best]!;
  }
  const present: number[] = [];
  for (let k = 0; k < K; k++) if (priors[k]! >= 0.5 / labeledCount) present.push(k);
  const chance = 1 / present.length;
  const confusion: Float64Array[] = [];
  const workerAccuracy: number[] = [];
  const workerSkill: number[] = [];
  for (let w = 0; w < workerCount; w++) {
    const matrix = new Float64Array(KK);
    let accuracy = 0;
    for (let n = 0; n < KK; n++) matrix[n] = Math.exp(logConf[w * KK + n]!);
    for (let k = 0; k < K; k++) accuracy += priors[k]! * matrix[k * K + k]!;
    confusion.push(matrix);
    workerAccuracy.push(accuracy);
    if (present.length < 2) {
      workerSkill.push(0);
      continue;
    }
    let balanced = 0;
    for (const c of present) balanced += matrix[c * K + c]!;
    balanced /= present.length;
    workerSkill.push(Math.min(1, Math.max(0, (balanced - chance) / (1 - chance))));
  }
  return { labels, posteriors: T, confidence, priors, presentClasses: present, confusion, workerAccuracy, workerSkill, logLikelihood, iterations, converged };
}

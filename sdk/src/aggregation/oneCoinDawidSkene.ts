import type { CrowdLabels } from "./crowdLabels.ts";
import { dawidSkene, type DawidSkeneOptions, type DawidSkeneResult } from "./dawidSkene.ts";

/**
 * One-coin Dawid-Skene: each worker has one accuracy p, answers the true class with probability p
 * and each other class with (1 - p) / (K - 1). Fewer parameters than full DS (better with few labels
 * per worker), but blind to class-dependent bias.
 */
export function oneCoinDawidSkene(data: CrowdLabels, options: DawidSkeneOptions = {}): DawidSkeneResult {
  return dawidSkene(data, { ...options, model: "one-coin" });
}

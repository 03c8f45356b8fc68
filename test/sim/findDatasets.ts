import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { repoRoot } from "@crowdlabel/sdk/devchain";
import type { CrowdDataset } from "./crowdDataset.ts";
import { loadCrowdCsv } from "./loadCrowdCsv.ts";
import { loadRteStandardized } from "./loadRteStandardized.ts";
import { DatasetMissingError } from "./SimulationError.ts";

/** The datasets `pnpm simulate` replays by default (each with published reference numbers). */
export const defaultDatasets = ["bluebirds", "rte", "d_product"] as const;

/** Folders searched for a dataset, in order. */
export function datasetSearchPath(name: string): string[] {
  const root = repoRoot();
  const dirs: string[] = [];
  if (process.env.CROWDLABEL_DATASETS) dirs.push(join(resolve(process.env.CROWDLABEL_DATASETS), name));
  dirs.push(join(root, "..", "shared", "datasets", name), join(root, "sdk", "test", "data", name));
  return dirs;
}

/** Loads a dataset by name, or from an explicit folder; `question,worker,answer` + `question,truth` or RTE's standardized CSV. */
export async function loadDataset(name: string, dir?: string): Promise<CrowdDataset> {
  const candidates = dir ? [resolve(dir)] : datasetSearchPath(name);
  for (const candidate of candidates) {
    if (existsSync(join(candidate, "answer.csv")) && existsSync(join(candidate, "truth.csv"))) return loadCrowdCsv(name, candidate);
    if (existsSync(join(candidate, "rte.standardized.csv"))) return loadRteStandardized(name, candidate);
  }
  throw new DatasetMissingError(name, candidates);
}

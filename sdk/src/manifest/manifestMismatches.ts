import { CrowdlabelError } from "../errors.ts";
import type { TaskManifest } from "./taskManifestSchema.ts";

/** What a task's on-chain parameters fix about the manifest it names. */
export type ManifestExpectations = { itemCount: number; batchSize: number; classCount: number };

/**
 * How a manifest differs from the task naming it, e.g. "3 classes, task has 4"; empty when it matches.
 * A mismatched manifest must not be labeled or exported: labels are packed and tallied by the chain's counts.
 */
export function manifestMismatches(manifest: Pick<TaskManifest, "items" | "batchSize" | "classes">, task: ManifestExpectations): string[] {
  const mismatches: string[] = [];
  if (manifest.items.length !== task.itemCount) mismatches.push(`${manifest.items.length} items, task has ${task.itemCount}`);
  if (manifest.batchSize !== task.batchSize) mismatches.push(`batchSize ${manifest.batchSize}, task has ${task.batchSize}`);
  if (manifest.classes.length !== task.classCount) mismatches.push(`${manifest.classes.length} classes, task has ${task.classCount}`);
  return mismatches;
}

/** A manifest that does not fit the task naming it (`manifestMismatches`). */
export class ManifestTaskMismatchError extends CrowdlabelError {
  override name = "ManifestTaskMismatchError";
  readonly mismatches: readonly string[];
  constructor(mismatches: readonly string[]) {
    super(`The task's manifest does not match the task on chain (${mismatches.join("; ")}).`, {
      details: "Labels are packed and tallied by the chain's counts, so this task cannot be labeled or exported; its owner must post a corrected task.",
    });
    this.mismatches = mismatches;
  }
}

import { describe, expect, it } from "vitest";
import { exampleManifest } from "./exampleManifest.ts";
import { ManifestTaskMismatchError, manifestMismatches } from "./manifestMismatches.ts";

describe("manifestMismatches", () => {
  const manifest = exampleManifest();
  const task = { itemCount: manifest.items.length, batchSize: manifest.batchSize, classCount: manifest.classes.length };

  it("is empty for a manifest that fits its task, and names every count that differs", () => {
    expect(manifestMismatches(manifest, task)).toEqual([]);
    expect(manifestMismatches(manifest, { itemCount: task.itemCount + 1, batchSize: task.batchSize, classCount: task.classCount + 2 })).toEqual([
      `${task.itemCount} items, task has ${task.itemCount + 1}`,
      `${task.classCount} classes, task has ${task.classCount + 2}`,
    ]);
  });

  it("the error says what differs and that the task cannot be labeled", () => {
    const error = new ManifestTaskMismatchError(["2 classes, task has 3"]);
    expect(error.shortMessage).toBe("The task's manifest does not match the task on chain (2 classes, task has 3).");
    expect(error.details).toContain("cannot be labeled or exported");
  });
});

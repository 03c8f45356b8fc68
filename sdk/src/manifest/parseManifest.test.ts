import { describe, expect, it } from "vitest";
import { parseManifest, validateManifest } from "./parseManifest.ts";
import { ManifestValidationError } from "./ManifestValidationError.ts";
import { exampleManifest } from "./exampleManifest.ts";
import { batchCount, batchItemCount, batchItems } from "./batchItems.ts";

const cidV0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

function issuesOf(input: unknown) {
  const result = validateManifest(input);
  if (result.success) throw new Error("expected issues");
  return result.issues;
}

describe("parseManifest", () => {
  it("accepts a valid manifest from an object, JSON text or bytes and fills defaults", () => {
    const manifest = exampleManifest();
    expect(parseManifest(manifest)).toEqual(manifest);
    expect(parseManifest(JSON.stringify(manifest))).toEqual(manifest);
    expect(parseManifest(new TextEncoder().encode(JSON.stringify(manifest)))).toEqual(manifest);
    const { examples: _omitted, ...withoutExamples } = manifest;
    expect(parseManifest(withoutExamples).examples).toEqual([]);
    expect(parseManifest({ ...manifest, items: [{ cid: cidV0, mediaType: "image/jpeg", width: 8, height: 8 }] }).items[0]!.filename).toBeUndefined();
  });

  it("reports invalid JSON", () => {
    expect(issuesOf("{ nope")[0]!.path).toBe("");
    expect(issuesOf("{ nope")[0]!.message).toMatch(/^not valid JSON/);
  });

  it("rejects other versions with a clear message", () => {
    expect(issuesOf({ ...exampleManifest(), version: 2 })).toEqual([
      { path: "version", message: "unsupported manifest version; this SDK reads version 1" },
    ]);
  });

  it("reports every issue with its path", () => {
    const manifest = exampleManifest();
    const bad = {
      ...manifest,
      title: " ",
      classes: [
        { id: 0, name: "cat", hotkey: "1", colour: "#e4572e" },
        { id: 2, name: "Cat", hotkey: "1", colour: "red" },
        { id: 2, name: "bird", hotkey: "F1", colour: "#000000" },
      ],
      examples: [{ cid: cidV0, mediaType: "image/png", classId: 5 }],
      items: [manifest.items[0], { cid: "not-a-cid", mediaType: "image/tiff", width: 0, height: 1.5 }],
      batchSize: 300,
    };
    const issues = issuesOf(bad);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "title", message: "title is empty" },
        { path: "classes[1].colour", message: "colour must be #rrggbb" },
        { path: "classes[2].hotkey", message: "hotkey must be one key: 1-9, 0 or a lowercase letter a-z" },
        { path: "items[1].cid", message: "not a valid IPFS CID (CIDv0 Qm… or base32 CIDv1 b…)" },
        expect.objectContaining({ path: "items[1].mediaType" }),
        expect.objectContaining({ path: "items[1].width" }),
        expect.objectContaining({ path: "items[1].height" }),
        expect.objectContaining({ path: "batchSize" }),
      ]),
    );
    // refinements only run once the shape is valid: check them on a shape-valid manifest
    const refined = issuesOf({ ...manifest, classes: bad.classes.slice(0, 2).map((c) => ({ ...c, colour: "#000000" })), examples: bad.examples });
    expect(refined).toEqual([
      { path: "classes[1].id", message: "class ids must be 0..n-1 in order: expected 1, got 2" },
      { path: "classes[1].hotkey", message: 'hotkey "1" is already used by class 0' },
      { path: "classes[1].name", message: 'class name "Cat" is already used by class 0' },
      { path: "examples[0].classId", message: "classId 5 does not exist (classes are 0..1)" },
    ]);
  });

  it("refuses a class named like the implicit cannot-label answer, in any case", () => {
    const manifest = exampleManifest();
    const named = (name: string) => ({ ...manifest, classes: manifest.classes.map((c, i) => (i === 1 ? { ...c, name } : c)) });
    const message = (name: string) => `class name "${name}" is reserved for the implicit "cannot label" answer (label ${manifest.classes.length}); rename the class`;
    expect(issuesOf(named("cannot_label"))).toEqual([{ path: "classes[1].name", message: message("cannot_label") }]);
    expect(issuesOf(named(" Cannot_Label "))).toEqual([{ path: "classes[1].name", message: message("Cannot_Label") }]);
    expect(validateManifest(named("cannot label")).success).toBe(true);
  });

  it("rejects unknown fields (typos) and too few classes", () => {
    const issues = issuesOf({ ...exampleManifest(), colours: [], classes: [{ id: 0, name: "a", hotkey: "a", color: "#000000" }] });
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["", "classes", "classes[0]", "classes[0].colour"]));
  });

  it("throws ManifestValidationError carrying the issues", () => {
    try {
      parseManifest({ ...exampleManifest(), batchSize: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestValidationError);
      const e = error as ManifestValidationError;
      expect(e.issues).toEqual([{ path: "batchSize", message: expect.stringMatching(/>=\s*1/) }]);
      expect(e.shortMessage).toBe("Invalid task manifest (1 issue).");
      expect(e.message).toContain("- batchSize:");
    }
  });
});

describe("batchItems", () => {
  it("splits items into batches, the last one shorter", () => {
    expect(batchCount({ itemCount: 45, batchSize: 20 })).toBe(3);
    expect(batchItems({ itemCount: 45, batchSize: 20 }, 1)).toEqual({ start: 20, end: 40 });
    expect(batchItems({ itemCount: 45, batchSize: 20 }, 2)).toEqual({ start: 40, end: 45 });
    expect(batchItemCount({ itemCount: 45, batchSize: 20 }, 0)).toBe(20);
    expect(batchItemCount({ itemCount: 45, batchSize: 20 }, 2)).toBe(5);
    expect(batchItemCount({ itemCount: 40, batchSize: 20 }, 1)).toBe(20);
  });
});

describe("parseManifest of JSON text", () => {
  it("reads JSON text saved with a UTF-8 byte-order mark", () => {
    const manifest = { ...exampleManifest(), items: [{ cid: cidV0, mediaType: "image/png", width: 1, height: 1 }] };
    expect(parseManifest(`\uFEFF${JSON.stringify(manifest)}`).title).toBe(manifest.title);
    expect(parseManifest(new TextEncoder().encode(`\uFEFF${JSON.stringify(manifest)}`)).title).toBe(manifest.title);
  });
});

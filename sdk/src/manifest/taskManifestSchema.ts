import { z } from "zod";
import { isCid } from "../ipfs/isCid.ts";

/** Items per batch the contract accepts (a batch's resolved mask is one uint256). */
export const MAX_BATCH_SIZE = 256;
/** Named classes a task may have; label value `classCount` is the implicit "cannot label" answer. */
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 255;
export const MANIFEST_VERSION = 1;
/**
 * Largest manifest readers fetch (64 MiB, about 450,000 items): every annotator's browser and the indexer
 * load it whole, so a bigger one is refused rather than risk their memory.
 */
export const MAX_MANIFEST_BYTES = 64 * 2 ** 20;
/**
 * Largest image (10 MiB) the uploaders take and readers fetch: an annotator's browser holds the current image and the
 * next few at once, and an export fetches each one whole.
 */
export const MAX_IMAGE_BYTES = 10 * 2 ** 20;
/** Name of label value `classCount`, the implicit "cannot label / invalid image" answer; no class may take it. */
export const CANNOT_LABEL = "cannot_label";

export const supportedMediaTypes = [
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/gif",
  "image/avif",
  "image/bmp",
  "image/svg+xml",
] as const;

const cidSchema = z.string().refine(isCid, { message: "not a valid IPFS CID (CIDv0 Qm… or base32 CIDv1 b…)" });

const classSchema = z.strictObject({
  id: z.number().int().min(0),
  name: z.string().trim().min(1, "class name is empty").max(100),
  hotkey: z.string().regex(/^[0-9a-z]$/, "hotkey must be one key: 1-9, 0 or a lowercase letter a-z"),
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "colour must be #rrggbb"),
  description: z.string().max(2000).optional(),
});

const itemSchema = z.strictObject({
  cid: cidSchema,
  mediaType: z.enum(supportedMediaTypes),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  filename: z.string().min(1).max(255).optional(),
});

const exampleSchema = z.strictObject({
  cid: cidSchema,
  mediaType: z.enum(supportedMediaTypes),
  classId: z.number().int().min(0),
  note: z.string().max(2000).optional(),
});

/** Task manifest, version 1: everything an annotator's workspace needs besides the chain. */
export const taskManifestSchema = z
  .strictObject({
    version: z.literal(MANIFEST_VERSION, { message: `unsupported manifest version; this SDK reads version ${MANIFEST_VERSION}` }),
    title: z.string().trim().min(1, "title is empty").max(200),
    description: z.string().max(10_000),
    instructions: z.string().max(100_000),
    classes: z.array(classSchema).min(MIN_CLASSES, `a task needs at least ${MIN_CLASSES} classes`).max(MAX_CLASSES),
    examples: z.array(exampleSchema).max(1000).default([]),
    items: z.array(itemSchema).min(1, "a task needs at least one item").max(0xffffffff),
    batchSize: z.number().int().min(1).max(MAX_BATCH_SIZE),
  })
  .superRefine((manifest, ctx) => {
    const hotkeys = new Map<string, number>();
    const names = new Map<string, number>();
    manifest.classes.forEach((cls, i) => {
      if (cls.id !== i)
        ctx.addIssue({ code: "custom", path: ["classes", i, "id"], message: `class ids must be 0..n-1 in order: expected ${i}, got ${cls.id}` });
      const hotkeyOwner = hotkeys.get(cls.hotkey);
      if (hotkeyOwner !== undefined)
        ctx.addIssue({ code: "custom", path: ["classes", i, "hotkey"], message: `hotkey "${cls.hotkey}" is already used by class ${hotkeyOwner}` });
      else hotkeys.set(cls.hotkey, i);
      const key = cls.name.toLowerCase();
      const nameOwner = names.get(key);
      if (key === CANNOT_LABEL)
        ctx.addIssue({
          code: "custom",
          path: ["classes", i, "name"],
          message: `class name "${cls.name}" is reserved for the implicit "cannot label" answer (label ${manifest.classes.length}); rename the class`,
        });
      else if (nameOwner !== undefined)
        ctx.addIssue({ code: "custom", path: ["classes", i, "name"], message: `class name "${cls.name}" is already used by class ${nameOwner}` });
      else names.set(key, i);
    });
    manifest.examples.forEach((example, i) => {
      if (example.classId >= manifest.classes.length)
        ctx.addIssue({
          code: "custom",
          path: ["examples", i, "classId"],
          message: `classId ${example.classId} does not exist (classes are 0..${manifest.classes.length - 1})`,
        });
    });
  });

export type TaskManifest = z.output<typeof taskManifestSchema>;
export type TaskManifestInput = z.input<typeof taskManifestSchema>;
export type ManifestClass = TaskManifest["classes"][number];
export type ManifestItem = TaskManifest["items"][number];

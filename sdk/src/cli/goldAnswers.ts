import type { TaskManifest } from "../manifest/taskManifestSchema.ts";
import { UsageError } from "./options.ts";
import { parseJson } from "../parseJson.ts";

/**
 * Gold answers from a JSON object `{ "<item>": "<class>" }`: an item is its index in the manifest (0-based) or its
 * filename; a class is its name or index (the class count means "cannot label"). Returns item -> class index.
 */
export function parseGoldAnswers(text: string, manifest: Pick<TaskManifest, "items" | "classes">, file: string): Map<number, number> {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON.`, { details: (error as Error).message });
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new UsageError(`${file} must be a JSON object of image -> class.`, { details: 'e.g. { "0": "cat", "dog-17.png": "dog" } (image index or filename; class name or index)' });
  const byFilename = new Map(manifest.items.flatMap((item, index) => (item.filename ? [[item.filename, index] as const] : [])));
  // A filename several images share (cats/001.jpg and dogs/001.jpg both store 001.jpg) names none of them for sure.
  const shared = new Set(manifest.items.flatMap((item, index) => (item.filename && byFilename.get(item.filename) !== index ? [item.filename] : [])));
  const byClassName = new Map(manifest.classes.map((c, index) => [c.name, index] as const));
  const answers = new Map<number, number>();
  for (const [key, answer] of Object.entries(value)) {
    if (shared.has(key))
      throw new UsageError(`${file}: "${key}" is the filename of several images of the manifest.`, { details: "Answer them by index (0-based, in manifest order) instead." });
    const item = /^\d+$/.test(key) ? Number(key) : byFilename.get(key);
    if (item === undefined || item >= manifest.items.length)
      throw new UsageError(`${file}: "${key}" is not an image of the manifest.`, { details: `Use an index from 0 to ${manifest.items.length - 1} or a filename the manifest lists.` });
    const label = typeof answer === "number" ? answer : typeof answer === "string" ? (byClassName.get(answer) ?? (/^\d+$/.test(answer) ? Number(answer) : undefined)) : undefined;
    if (label === undefined || !Number.isInteger(label) || label < 0 || label > manifest.classes.length)
      throw new UsageError(`${file}: the answer for "${key}", ${JSON.stringify(answer)}, is not a class of the manifest.`, { details: `Classes: ${manifest.classes.map((c) => c.name).join(", ")} (or their index 0-${manifest.classes.length - 1}; ${manifest.classes.length} = cannot label).` });
    if (answers.has(item)) throw new UsageError(`${file}: image ${item} is answered twice.`, { details: "Give each image one answer (its index and its filename name the same image)." });
    answers.set(item, label);
  }
  if (answers.size === 0) throw new UsageError(`${file} holds no answers.`);
  return answers;
}

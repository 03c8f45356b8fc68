import type { z } from "zod";
import { taskManifestSchema, type TaskManifest } from "./taskManifestSchema.ts";
import { parseJson } from "../parseJson.ts";
import { ManifestValidationError, type ManifestIssue } from "./ManifestValidationError.ts";

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function toIssues(error: z.ZodError): ManifestIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export type ValidateManifestResult =
  | { success: true; manifest: TaskManifest }
  | { success: false; issues: ManifestIssue[] };

/** Validates a manifest (object or JSON text) and returns the issues instead of throwing. */
export function validateManifest(input: unknown): ValidateManifestResult {
  let value = input;
  if (typeof input === "string" || input instanceof Uint8Array) {
    const text = typeof input === "string" ? input : new TextDecoder().decode(input);
    try {
      value = parseJson(text);
    } catch (error) {
      return { success: false, issues: [{ path: "", message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const result = taskManifestSchema.safeParse(value);
  return result.success ? { success: true, manifest: result.data } : { success: false, issues: toIssues(result.error) };
}

/** Parses a manifest (object, JSON text or bytes); throws `ManifestValidationError` listing every issue with its path. */
export function parseManifest(input: unknown): TaskManifest {
  const result = validateManifest(input);
  if (!result.success) throw new ManifestValidationError(result.issues);
  return result.manifest;
}

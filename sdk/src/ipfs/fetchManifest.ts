import { parseManifest } from "../manifest/parseManifest.ts";
import type { TaskManifest } from "../manifest/taskManifestSchema.ts";
import { fetchVerified, type FetchVerifiedOptions } from "./fetchVerified.ts";

/** Fetches a task manifest by CID, verifies the bytes against the CID and validates it. */
export async function fetchManifest(options: FetchVerifiedOptions): Promise<TaskManifest> {
  return parseManifest(await fetchVerified(options));
}

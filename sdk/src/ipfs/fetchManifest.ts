import { parseManifest } from "../manifest/parseManifest.ts";
import { MAX_MANIFEST_BYTES, type TaskManifest } from "../manifest/taskManifestSchema.ts";
import { fetchVerified, type FetchVerifiedOptions } from "./fetchVerified.ts";

/**
 * Fetches a task manifest by CID, verifies the bytes against the CID and validates it; refuses one larger
 * than `MAX_MANIFEST_BYTES` (`ContentTooLargeError`) unless `maxBytes` says otherwise.
 */
export async function fetchManifest(options: FetchVerifiedOptions): Promise<TaskManifest> {
  return parseManifest(await fetchVerified({ maxBytes: MAX_MANIFEST_BYTES, ...options }));
}

import { parseManifest } from "../manifest/parseManifest.ts";
import { MAX_IMAGE_BYTES, MAX_MANIFEST_BYTES, type TaskManifest } from "../manifest/taskManifestSchema.ts";
import { fetchVerified, type FetchVerifiedOptions } from "./fetchVerified.ts";

/**
 * Fetches a task manifest by CID, verifies the bytes against the CID and validates it; refuses one larger
 * than `MAX_MANIFEST_BYTES` (`ContentTooLargeError`) unless `maxBytes` says otherwise.
 */
export async function fetchManifest(options: FetchVerifiedOptions): Promise<TaskManifest> {
  return parseManifest(await fetchVerified({ maxBytes: MAX_MANIFEST_BYTES, ...options }));
}

/**
 * Fetches a task's image by CID, verified against the CID; refuses one larger than `MAX_IMAGE_BYTES`
 * (`ContentTooLargeError`, before it is all in memory) unless `maxBytes` says otherwise.
 */
export function fetchImage(options: FetchVerifiedOptions): Promise<Uint8Array> {
  return fetchVerified({ maxBytes: MAX_IMAGE_BYTES, ...options });
}

/** Files per add request, and bytes per request: well under the IPFS node's default 100 MiB request limit. */
export const UPLOAD_CHUNK_FILES = 16;
export const UPLOAD_CHUNK_BYTES = 32 * 1024 * 1024;

/**
 * Splits an upload queue, in order, into requests of at most `maxFiles` files and `maxBytes` bytes
 * (a single larger file goes alone: the per-image limit, 10 MiB, is checked before).
 */
export function uploadChunks<T extends { file: { size: number } }>(queue: readonly T[], maxFiles = UPLOAD_CHUNK_FILES, maxBytes = UPLOAD_CHUNK_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of queue) {
    if (current.length > 0 && (current.length === maxFiles || bytes + entry.file.size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.file.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

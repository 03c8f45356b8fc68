import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Node only: streams an export (text or byte chunks) to a file with backpressure, writing to
 * `<path>.partial` first and renaming at the end so a failed export never leaves a truncated file (the partial one is
 * removed).
 */
export async function writeExport(chunks: AsyncIterable<string | Uint8Array>, path: string): Promise<void> {
  const partial = `${path}.partial`;
  try {
    await pipeline(Readable.from(chunks), createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

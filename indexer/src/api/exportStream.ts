import { ImageFetchError } from "@crowdlabel/sdk";
import { ApiError } from "./ApiError.ts";

type Chunk = string | Uint8Array;

/** `first` (chunks already pulled), then the rest of `chunks`. */
export function streamOf(first: Chunk[], chunks: AsyncGenerator<Chunk>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const encode = (chunk: Chunk) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk);
  return new ReadableStream({
    start(controller) {
      for (const chunk of first) controller.enqueue(encode(chunk));
    },
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encode(next.value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/**
 * Pulls an export's chunks until `started()` (at least one), before any status is sent, so that an export that fails
 * at once is an HTTP error (502 when IPFS does not serve an image) instead of a 200 whose body breaks off. The route
 * starts `hf` exports at their first image, the others at their first chunk. Returns the chunks pulled, to send first.
 */
export async function startExport(chunks: AsyncGenerator<Chunk>, started: () => boolean): Promise<Chunk[]> {
  const pulled: Chunk[] = [];
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      pulled.push(next.value);
      if (started()) break;
    }
  } catch (error) {
    if (error instanceof ImageFetchError)
      throw new ApiError(502, "ipfs_unavailable", `image ${error.cid} (item ${error.index}) could not be fetched from IPFS: ${error.details ?? error.shortMessage}`);
    throw error;
  }
  return pulled;
}


import { fetchImage, fetchManifest, type TaskManifest } from "@crowdlabel/sdk";
import { ipfsConfig } from "./ipfs.ts";

// Verified reads need the manifest schema (zod) and the UnixFS importer (to recompute CIDs): 53 kB gzip that the
// marketplace does without while the indexer serves titles. Pages that read manifests or images import this module;
// the marketplace's task cards import it only when they must fetch a manifest (see useManifest).

/** One retry: a page shows "gateway down" quickly instead of backing off for seconds. */
const retry = { retries: 1 };

/**
 * A task image's bytes from the gateway, verified against the CID before anyone sees them (sdk `fetchImage`:
 * raw CIDs by hash, UnixFS by re-import with Kubo's layouts); one over `MAX_IMAGE_BYTES` is refused while it downloads.
 */
export function fetchVerifiedImage(cid: string, signal?: AbortSignal): Promise<Uint8Array> {
  return fetchImage({ config: ipfsConfig(), cid, signal, retry });
}

/** A task manifest by CID, verified against the CID and validated by the sdk schema. */
export function fetchVerifiedManifest(cid: string, signal?: AbortSignal): Promise<TaskManifest> {
  return fetchManifest({ config: ipfsConfig(), cid, signal, retry });
}

type CachedImage = { url: string; bytes: number };
const imageCache = new Map<string, Promise<CachedImage>>();
/** The settled part of `imageCache`: what a component can show in its first render, without a loading frame. */
const readyImages = new Map<string, CachedImage>();
const MAX_CACHED = 200;

/**
 * Object URL of a verified image; concurrent and repeated calls share one fetch, so prefetching
 * the next items makes them show instantly.
 */
export function verifiedImageUrl(cid: string, mediaType: string): Promise<CachedImage> {
  let entry = imageCache.get(cid);
  if (!entry) {
    entry = fetchVerifiedImage(cid).then((bytes) => ({
      url: URL.createObjectURL(new Blob([bytes as BlobPart], { type: mediaType })),
      bytes: bytes.byteLength,
    }));
    const settled = entry;
    settled.then(
      (image) => {
        if (imageCache.get(cid) === settled) readyImages.set(cid, image);
      },
      () => imageCache.delete(cid),
    );
    imageCache.set(cid, entry);
    if (imageCache.size > MAX_CACHED) {
      const oldest = imageCache.keys().next().value;
      if (oldest !== undefined) {
        void imageCache.get(oldest)?.then((e) => URL.revokeObjectURL(e.url), () => undefined);
        imageCache.delete(oldest);
        readyImages.delete(oldest);
      }
    }
  }
  return entry;
}

/** The object URL of an image already fetched and verified, or undefined (then await `verifiedImageUrl`). */
export function readyImageUrl(cid: string): string | undefined {
  return readyImages.get(cid)?.url;
}

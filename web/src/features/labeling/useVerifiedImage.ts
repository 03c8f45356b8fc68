import { useEffect, useState } from "react";
import { CidMismatchError, ContentTooLargeError, MAX_IMAGE_BYTES } from "@crowdlabel/sdk";
import { readyImageUrl, verifiedImageUrl } from "../../lib/verifiedIpfs.ts";

export type ImageState = { status: "loading" } | { status: "ready"; url: string } | { status: "error"; message: string; advice: string };

/** What an annotator can do about an image that did not load: only a gateway outage is worth waiting for. */
export function imageErrorAdvice(error: unknown): string {
  if (error instanceof ContentTooLargeError)
    return `The app loads images of at most ${MAX_IMAGE_BYTES / 2 ** 20} MiB, so no one can see this one: label it “Cannot label”.`;
  if (error instanceof CidMismatchError) return "The gateway sent other bytes than this image's, so they are not shown. Retry later, or label it “Cannot label”.";
  return "Your labels are saved. Skip this image or retry when IPFS is back.";
}

/**
 * A verified object URL for an image CID. An image already fetched (prefetched) is ready in the same render
 * as the CID change, so moving to it never shows a loading frame in between.
 */
export function useVerifiedImage(cid: string | undefined, mediaType: string): ImageState {
  const ready = cid === undefined ? undefined : readyImageUrl(cid);
  const [fetched, setFetched] = useState<{ cid: string; state: ImageState }>();
  useEffect(() => {
    if (!cid || ready) return;
    let live = true;
    // Back on an image whose fetch failed: fetch again, showing "loading" rather than the old error meanwhile.
    setFetched((f) => (f?.cid === cid ? undefined : f));
    verifiedImageUrl(cid, mediaType).then(
      (img) => live && setFetched({ cid, state: { status: "ready", url: img.url } }),
      (error: unknown) => live && setFetched({ cid, state: { status: "error", message: (error as Error).message, advice: imageErrorAdvice(error) } }),
    );
    return () => {
      live = false;
    };
  }, [cid, mediaType, ready]);
  if (ready) return { status: "ready", url: ready };
  return fetched && fetched.cid === cid ? fetched.state : { status: "loading" };
}

/** Starts fetching (and verifying) the given CIDs in the background. */
export function prefetchImages(items: readonly { cid: string; mediaType: string }[]): void {
  for (const item of items) void verifiedImageUrl(item.cid, item.mediaType).catch(() => undefined);
}

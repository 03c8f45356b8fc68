import { useEffect, useState } from "react";
import { readyImageUrl, verifiedImageUrl } from "../../lib/verifiedIpfs.ts";

export type ImageState = { status: "loading" } | { status: "ready"; url: string } | { status: "error"; message: string };

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
      (error: unknown) => live && setFetched({ cid, state: { status: "error", message: (error as Error).message } }),
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

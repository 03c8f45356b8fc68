import { useEffect, useState } from "react";
import { verifiedImageUrl } from "../../lib/ipfs.ts";

export type ImageState = { status: "loading" } | { status: "ready"; url: string } | { status: "error"; message: string };

/** A verified object URL for an image CID (shared cache: prefetched images resolve at once). */
export function useVerifiedImage(cid: string | undefined, mediaType: string): ImageState {
  const [state, setState] = useState<ImageState>({ status: "loading" });
  useEffect(() => {
    if (!cid) return;
    let live = true;
    setState({ status: "loading" });
    verifiedImageUrl(cid, mediaType).then(
      (img) => live && setState({ status: "ready", url: img.url }),
      (error: unknown) => live && setState({ status: "error", message: (error as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [cid, mediaType]);
  return state;
}

/** Starts fetching (and verifying) the given CIDs in the background. */
export function prefetchImages(items: readonly { cid: string; mediaType: string }[]): void {
  for (const item of items) void verifiedImageUrl(item.cid, item.mediaType).catch(() => undefined);
}

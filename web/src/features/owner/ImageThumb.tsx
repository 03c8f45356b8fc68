import type { UploadedImage } from "./useOwnerDraftStore.ts";
import { useVerifiedImage } from "../labeling/useVerifiedImage.ts";

/** An uploaded image, read back from IPFS and checked against its CID (a skeleton until then). */
export function ImageThumb({ image, size }: { image: UploadedImage; size?: number }) {
  const state = useVerifiedImage(image.cid, image.mediaType);
  const style = size ? { width: size, height: size, flex: "none" } : undefined;
  return state.status === "ready" ? (
    <img src={state.url} alt={image.name} title={`${image.name} · ${image.cid}`} className="thumb" style={style} />
  ) : (
    <div className="skeleton thumb" style={{ aspectRatio: "1", ...style }} />
  );
}

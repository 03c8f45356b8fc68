import { fetchManifest, fetchVerified as sdkFetchVerified, type IpfsConfig, type TaskManifest } from "@crowdlabel/sdk";
import { getConfig } from "../config/appConfig.ts";

export class IpfsUnavailableError extends Error {
  override name = "IpfsUnavailableError";
}

/** The sdk's IPFS settings from the app config (reads go to the gateway, uploads to the API). */
export function ipfsConfig(): IpfsConfig {
  const config = getConfig();
  return { apiUrl: config.ipfsApiUrl, gatewayUrl: config.ipfsGatewayUrl };
}

/** One retry: a page shows "gateway down" quickly instead of backing off for seconds. */
const retry = { retries: 1 };

/**
 * Bytes of a CID from the gateway, verified against the CID before anyone sees them (sdk
 * `fetchVerified`: raw CIDs by hash, UnixFS by re-import with Kubo's layouts).
 */
export function fetchVerified(cid: string, signal?: AbortSignal): Promise<Uint8Array> {
  return sdkFetchVerified({ config: ipfsConfig(), cid, signal, retry });
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
    entry = fetchVerified(cid).then((bytes) => ({
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

export type UploadResult = { name: string; cid: string; size: number };

/**
 * Adds files to the IPFS node (Kubo RPC `add`) with upload progress. One request per call; the
 * caller batches and retries. CIDv1 with raw leaves: small images get a raw CID checkable by hash.
 */
export function uploadToIpfs(files: { name: string; data: Blob }[], onProgress?: (loaded: number, total: number) => void, signal?: AbortSignal): Promise<UploadResult[]> {
  const url = `${getConfig().ipfsApiUrl}/api/v0/add?cid-version=1&raw-leaves=true&pin=true`;
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append("file", f.data, f.name.replace(/[\/\\]/g, "_"));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded, e.total);
    };
    xhr.onerror = () => reject(new IpfsUnavailableError(`The IPFS node at ${getConfig().ipfsApiUrl} is not answering.`));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(new IpfsUnavailableError(`IPFS add failed (${xhr.status}): ${xhr.responseText.slice(0, 200)}`));
        return;
      }
      const lines = xhr.responseText.split("\n").filter(Boolean);
      const results: UploadResult[] = [];
      for (const line of lines) {
        const obj = JSON.parse(line) as { Name?: string; Hash?: string; Size?: string };
        if (obj.Hash && obj.Name !== undefined) results.push({ name: obj.Name, cid: obj.Hash, size: Number(obj.Size ?? 0) });
      }
      resolve(results);
    };
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

export async function uploadJson(value: unknown): Promise<string> {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: "application/json" });
  const [result] = await uploadToIpfs([{ name: "manifest.json", data: blob }]);
  if (!result) throw new IpfsUnavailableError("IPFS add returned no CID");
  return result.cid;
}

export async function ipfsApiAlive(): Promise<boolean> {
  try {
    const res = await fetch(`${getConfig().ipfsApiUrl}/api/v0/version`, { method: "POST" });
    return res.ok;
  } catch {
    return false;
  }
}

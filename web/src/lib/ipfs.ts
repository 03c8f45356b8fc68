import type { IpfsConfig } from "@crowdlabel/sdk";
import { getConfig } from "../config/appConfig.ts";

export class IpfsUnavailableError extends Error {
  override name = "IpfsUnavailableError";
}

/** The sdk's IPFS settings from the app config (reads go to the gateway, uploads to the API). */
export function ipfsConfig(): IpfsConfig {
  const config = getConfig();
  return { apiUrl: config.ipfsApiUrl, gatewayUrl: config.ipfsGatewayUrl };
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
    // Kubo reads a part's filename URL-encoded (as kubo-rpc-client sends it): "100%.png" was refused as malformed.
    for (const f of files) form.append("file", f.data, encodeURIComponent(f.name.replace(/[\/\\]/g, "_")));
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
      try {
        resolve(parseAddAnswer(xhr.responseText, files.length));
      } catch (e) {
        reject(e);
      }
    };
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

function notKuboError(detail: string): IpfsUnavailableError {
  const apiUrl = getConfig().ipfsApiUrl;
  return new IpfsUnavailableError(`${detail} ${apiUrl} does not look like an IPFS (Kubo RPC) API: set the IPFS API URL to the node's RPC address (port 5001 by default).`);
}

/** Kubo's `add` answers one JSON object per line, one per file, in the order sent. */
function parseAddAnswer(text: string, fileCount: number): UploadResult[] {
  const results: UploadResult[] = [];
  for (const line of text.split("\n").filter(Boolean)) {
    let obj: { Name?: string; Hash?: string; Size?: string } | null;
    try {
      obj = JSON.parse(line) as typeof obj;
    } catch {
      throw notKuboError(`The upload got an answer that is not JSON (${JSON.stringify(text.slice(0, 80))}):`);
    }
    if (obj?.Hash && obj.Name !== undefined) results.push({ name: obj.Name, cid: obj.Hash, size: Number(obj.Size ?? 0) });
  }
  if (results.length < fileCount) throw notKuboError(`The upload got ${results.length} CID${results.length === 1 ? "" : "s"} for ${fileCount} file${fileCount === 1 ? "" : "s"}:`);
  return results;
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

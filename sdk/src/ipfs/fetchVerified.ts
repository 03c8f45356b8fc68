import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { equals } from "multiformats/bytes";
import type { IpfsConfig } from "./ipfsConfig.ts";
import { candidateLayouts, computeCid } from "./computeCid.ts";
import { CidMismatchError, ContentTooLargeError, InvalidCidError, IpfsRequestError, IpfsUnreachableError } from "./errors.ts";
import { withRetry, type RetryOptions } from "./withRetry.ts";
import { CrowdlabelError } from "../errors.ts";

/** A network-level failure (no HTTP answer, or none in time) as thrown by fetch in Node and browsers. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError") && !(error instanceof CrowdlabelError));
}

export type FetchVerifiedOptions = {
  config: IpfsConfig;
  cid: string;
  retry?: RetryOptions;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** Refuse content larger than this (`ContentTooLargeError`), checked while reading, before it is all in memory. */
  maxBytes?: number;
  signal?: AbortSignal;
};

/** The response body, or `ContentTooLargeError` as soon as it (or its Content-Length) passes `maxBytes`. */
async function readBody(response: Response, url: string, options: FetchVerifiedOptions): Promise<Uint8Array> {
  const { maxBytes } = options;
  if (maxBytes === undefined || !response.body) return new Uint8Array(await response.arrayBuffer());
  const tooLarge = () => new ContentTooLargeError({ cid: options.cid, url, maxBytes });
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body.cancel();
    throw tooLarge();
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(part.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) bytes.set(part, (offset += part.length) - part.length);
  return bytes;
}

async function gatewayGet(url: string, options: FetchVerifiedOptions): Promise<Uint8Array> {
  const attempts = (options.retry?.retries ?? 3) + 1;
  try {
    return await withRetry(
      async () => {
        const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
        const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
        const response = await fetch(url, {
          signal,
          headers: { ...(options.config.authHeader ? { authorization: options.config.authHeader } : {}), accept: "*/*" },
        });
        if (!response.ok) {
          const text = await response.text().catch(() => "");
          throw new IpfsRequestError({ url, status: response.status, message: text.slice(0, 300) || response.statusText });
        }
        return await readBody(response, url, options);
      },
      {
        ...options.retry,
        signal: options.signal,
        // retry the network and 5xx; a 4xx (bad CID, not found on a trustless gateway) will not change
        shouldRetry: (error) => isNetworkError(error) || (error instanceof IpfsRequestError && (error.status ?? 500) >= 500),
      },
    );
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (isNetworkError(error)) throw new IpfsUnreachableError({ url, attempts, cause: error });
    throw error;
  }
}

/** A CID's text parsed (its canonical form is `.toString()`); `InvalidCidError` when it names no content. */
export function parseCid(text: string): CID {
  try {
    return CID.parse(text);
  } catch (error) {
    throw new InvalidCidError({ cid: text, cause: error });
  }
}

/**
 * Fetches content by CID from the gateway and checks it against the CID before returning it:
 * a raw-codec CID is fetched as its raw block (`?format=raw`) and its sha2-256 compared; a dag-pb
 * file is re-imported with Kubo's layouts (ipfs-unixfs-importer) and its root CID compared.
 * Throws `CidMismatchError` on a mismatch and `IpfsUnreachableError` (naming the URL) when the
 * gateway does not answer after the retries.
 */
export async function fetchVerified(options: FetchVerifiedOptions): Promise<Uint8Array> {
  const cid = parseCid(options.cid);
  const base = `${options.config.gatewayUrl}/ipfs/${options.cid}`;
  if (cid.code === raw.code && cid.multihash.code === sha256.code) {
    const url = `${base}?format=raw`;
    const bytes = await gatewayGet(url, options);
    const digest = await sha256.digest(bytes);
    if (!equals(digest.digest, cid.multihash.digest)) throw new CidMismatchError({ cid: options.cid, actual: CID.createV1(raw.code, digest).toString(), url });
    return bytes;
  }
  const bytes = await gatewayGet(base, options);
  for (const layout of candidateLayouts(options.cid)) if ((await computeCid(bytes, layout)) === cid.toString()) return bytes;
  throw new CidMismatchError({ cid: options.cid, actual: null, url: base });
}

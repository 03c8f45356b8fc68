import { create, type KuboRPCClient } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import type { IpfsConfig } from "./ipfsConfig.ts";
import { computeCid } from "./computeCid.ts";
import { CidMismatchError, IpfsRequestError, IpfsUnreachableError } from "./errors.ts";
import { isNetworkError } from "./fetchVerified.ts";
import { withRetry, type RetryOptions } from "./withRetry.ts";
import { NodeRefusedUploadError, postAdd } from "./addRequest.ts";

/** A kubo-rpc-client for the configured API, sending the auth header when set. */
export function createIpfsClient(config: IpfsConfig): KuboRPCClient {
  return create({ url: config.apiUrl, ...(config.authHeader ? { headers: { authorization: config.authHeader } } : {}) });
}

export type UploadFile = { path: string; content: Uint8Array | Blob };
export type UploadedFile = { path: string; cid: string; size: number };
export type UploadProgress = { path: string; filesDone: number; fileCount: number; bytesDone: number; bytesTotal: number };

export type UploadFilesOptions = {
  config: IpfsConfig;
  files: readonly UploadFile[];
  /** Pin each file on the node (default true). */
  pin?: boolean;
  /** Files uploaded in parallel (default 4). */
  concurrency?: number;
  retry?: RetryOptions;
  /** Recompute each CID locally and fail on a different answer from the node (default true). */
  verify?: boolean;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
  /** Per attempt: how long the node may go without answering or reporting progress before the attempt is retried (default 60 s). */
  idleTimeoutMs?: number;
};

/** A signal that aborts with a TimeoutError once `ms` pass without a call to `alive()`; `stop()` clears the timer. */
function idleTimeout(ms: number): { signal: AbortSignal; alive: () => void; stop: () => void } {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException(`The IPFS node sent nothing for ${ms / 1000} s`, "TimeoutError")), ms);
  };
  alive();
  return { signal: controller.signal, alive, stop: () => clearTimeout(timer) };
}

const size = (content: Uint8Array | Blob) => (content instanceof Uint8Array ? content.length : content.size);
const bytesOf = async (content: Uint8Array | Blob) => (content instanceof Uint8Array ? content : new Uint8Array(await content.arrayBuffer()));

/** The caller's own abort reason when it cancelled, so a cancel is never reported as a node failure. */
function cancelledOr(signal: AbortSignal | undefined, error: unknown): unknown {
  return signal?.aborted ? signal.reason : error;
}

function toIpfsError(error: unknown, url: string, attempts: number): unknown {
  if (isNetworkError(error)) return new IpfsUnreachableError({ url, attempts, cause: error });
  if (error instanceof Error && error.name === "HTTPError") {
    const status = (error as Error & { response?: { status?: number } }).response?.status;
    return new IpfsRequestError({ url, status, message: error.message, cause: error });
  }
  return error;
}

/**
 * Adds files to IPFS one by one (CIDv1, raw leaves, Kubo's default chunking), `concurrency` at a
 * time, each with retries and exponential backoff; reports bytes as they go. Returns one CID per
 * file in input order. Browser-safe (Blob/File or bytes); for a folder on disk see `uploadFolder`.
 */
export async function uploadFiles(options: UploadFilesOptions): Promise<UploadedFile[]> {
  const url = `${options.config.apiUrl}/api/v0/add`;
  const attempts = (options.retry?.retries ?? 3) + 1;
  const bytesTotal = options.files.reduce((n, f) => n + size(f.content), 0);
  const results: UploadedFile[] = new Array(options.files.length);
  let bytesDone = 0;
  let filesDone = 0;
  let next = 0;

  const uploadOne = async (file: UploadFile): Promise<UploadedFile> => {
    const content = await bytesOf(file.content);
    let reported = 0;
    const cid = await withRetry(
      async () => {
        reported = 0;
        const idle = idleTimeout(options.idleTimeoutMs ?? 60_000);
        try {
          return await postAdd({
            config: options.config,
            content,
            pin: options.pin ?? true,
            signal: options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal,
            onBytes: (bytes) => {
              idle.alive();
              bytesDone += bytes - reported;
              reported = bytes;
              options.onProgress?.({ path: file.path, filesDone, fileCount: options.files.length, bytesDone, bytesTotal });
            },
          });
        } finally {
          idle.stop();
        }
      },
      {
        ...options.retry,
        signal: options.signal,
        // a network failure or a 5xx may pass; an answer the node gave itself (a 4xx, an error line) will not change
        shouldRetry: (error) => isNetworkError(error) || (error instanceof IpfsRequestError && !(error instanceof NodeRefusedUploadError)),
        onRetry: (info) => {
          bytesDone -= reported;
          options.retry?.onRetry?.(info);
        },
      },
    ).catch((error: unknown) => {
      throw cancelledOr(options.signal, toIpfsError(error, url, attempts));
    });
    if (options.verify ?? true) {
      const expected = await computeCid(content);
      if (expected !== cid) throw new CidMismatchError({ cid: expected, actual: cid, url });
    }
    bytesDone += content.length - reported;
    filesDone++;
    options.onProgress?.({ path: file.path, filesDone, fileCount: options.files.length, bytesDone, bytesTotal });
    return { path: file.path, cid, size: content.length };
  };

  const worker = async () => {
    while (next < options.files.length) {
      const index = next++;
      results[index] = await uploadOne(options.files[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, options.files.length) }, worker));
  return results;
}

/** Pins a CID (recursively) on the node. */
export async function pinCid({ config, cid, retry }: { config: IpfsConfig; cid: string; retry?: RetryOptions }): Promise<void> {
  const client = createIpfsClient(config);
  const url = `${config.apiUrl}/api/v0/pin/add`;
  await withRetry(() => client.pin.add(CID.parse(cid)), { ...retry, shouldRetry: isNetworkError }).catch((error: unknown) => {
    throw toIpfsError(error, url, (retry?.retries ?? 3) + 1);
  });
}

import { create, type KuboRPCClient } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import type { IpfsConfig } from "./ipfsConfig.ts";
import { computeCid } from "./computeCid.ts";
import { CidMismatchError, IpfsRequestError, IpfsUnreachableError } from "./errors.ts";
import { isNetworkError } from "./fetchVerified.ts";
import { withRetry, type RetryOptions } from "./withRetry.ts";

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

/** An upload the node took, then cut off, on every attempt. */
function uploadCutError(url: string, path: string, bytes: number, cause: unknown): IpfsRequestError {
  return new IpfsRequestError({
    url,
    message:
      `The node cut off the upload of ${path} (${bytes.toLocaleString("en-US")} bytes) after it had started. A node refuses a file over its upload ` +
      "limit this way (Crowdlabel's node: IPFS_MAX_UPLOAD_BYTES); otherwise the connection dropped. Check the node's limit and its log.",
    cause,
  });
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
  const client = createIpfsClient(options.config);
  const url = `${options.config.apiUrl}/api/v0/add`;
  const attempts = (options.retry?.retries ?? 3) + 1;
  const bytesTotal = options.files.reduce((n, f) => n + size(f.content), 0);
  const results: UploadedFile[] = new Array(options.files.length);
  let bytesDone = 0;
  let filesDone = 0;
  let next = 0;

  const uploadOne = async (client: KuboRPCClient, file: UploadFile): Promise<UploadedFile> => {
    const content = await bytesOf(file.content);
    let reported = 0;
    const result = await withRetry(
      async () => {
        reported = 0;
        const idle = idleTimeout(options.idleTimeoutMs ?? 60_000);
        try {
          return await client.add(content, {
            cidVersion: 1,
            rawLeaves: true,
            pin: options.pin ?? true,
            signal: options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal,
            progress: (bytes: number) => {
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
        shouldRetry: (error) => isNetworkError(error) || (error instanceof Error && error.name === "HTTPError" && /5\d\d|Internal/i.test(error.message)),
        onRetry: (info) => {
          bytesDone -= reported;
          options.retry?.onRetry?.(info);
        },
      },
    ).catch((error: unknown) => {
      // kubo-rpc-client drops the error line a node sends after its 200, so a refusal midway (over the node's size
      // limit) reaches here as a cut connection: say so rather than call a node that answered unreachable.
      const cutMidway = isNetworkError(error) && reported > 0;
      throw cancelledOr(options.signal, cutMidway ? uploadCutError(url, file.path, content.length, error) : toIpfsError(error, url, attempts));
    });
    const cid = result.cid.toString();
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
      results[index] = await uploadOne(client, options.files[index]!);
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

/**
 * Error classes of the node. Each maps to an HTTP status and to Kubo's error envelope
 * `{"Message": ..., "Code": ..., "Type": "error"}` so clients written for Kubo see the
 * same shapes. `Code` follows go-ipfs-cmds' ErrorType (0 normal, 1 client, 3 not found).
 */
export type KuboErrorCode = 0 | 1 | 2 | 3;

export interface IpfsNodeErrorOptions {
  status: number;
  code?: KuboErrorCode;
  details?: string;
  cause?: unknown;
}

export class IpfsNodeError extends Error {
  override name = "IpfsNodeError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly status: number;
  readonly code: KuboErrorCode;

  constructor(shortMessage: string, options: IpfsNodeErrorOptions) {
    super(options.details ? `${shortMessage}: ${options.details}` : shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.status = options.status;
    this.code = options.code ?? (options.status >= 500 ? 0 : 1);
  }
}

export class BadRequestError extends IpfsNodeError {
  override name = "BadRequestError";
  constructor(message: string, details?: string) {
    super(message, { status: 400, details });
  }
}

export class InvalidCidError extends IpfsNodeError {
  override name = "InvalidCidError";
  constructor(input: string, cause?: unknown) {
    super(`invalid path "${input}"`, {
      status: 400,
      details: cause instanceof Error ? cause.message : "not a valid CID",
      cause,
    });
  }
}

export class MalformedMultipartError extends IpfsNodeError {
  override name = "MalformedMultipartError";
  constructor(details: string, cause?: unknown) {
    super("malformed multipart request", { status: 400, details, cause });
  }
}

export class BlockNotFoundError extends IpfsNodeError {
  override name = "BlockNotFoundError";
  constructor(cid: string) {
    super(`block was not found locally (offline): ipld: could not find ${cid}`, { status: 404, code: 3 });
  }
}

export class PathNotFoundError extends IpfsNodeError {
  override name = "PathNotFoundError";
  constructor(path: string, details?: string) {
    super(`no link named "${path}" under the requested path`, { status: 404, code: 3, details });
  }
}

export class PayloadTooLargeError extends IpfsNodeError {
  override name = "PayloadTooLargeError";
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`request body exceeds the upload limit of ${formatBytes(limitBytes)} (${limitBytes} bytes)`, {
      status: 413,
      details: "raise it with IPFS_MAX_UPLOAD_BYTES or --max-upload-bytes when starting the node",
    });
    this.limitBytes = limitBytes;
  }
}

export class UnknownCommandError extends IpfsNodeError {
  override name = "UnknownCommandError";
  constructor(path: string) {
    // Code 0 as Kubo sends for commands it does not know.
    super(`unknown command "${path}"`, { status: 404, code: 0 });
  }
}

export class MethodNotAllowedError extends IpfsNodeError {
  override name = "MethodNotAllowedError";
  constructor(method: string, allowed: string) {
    super(`method ${method} not allowed`, { status: 405, details: `use ${allowed}` });
  }
}

export class ForbiddenOriginError extends IpfsNodeError {
  override name = "ForbiddenOriginError";
  constructor(origin: string) {
    super(`origin ${origin} is not allowed`, {
      status: 403,
      details: "add it to IPFS_CORS_ORIGINS (comma separated) or --cors-origins",
    });
  }
}

export class UnauthorizedError extends IpfsNodeError {
  override name = "UnauthorizedError";
  constructor(missing: boolean) {
    super(missing ? "missing API token" : "wrong API token", {
      status: 401,
      details: 'this node requires "Authorization: Bearer <IPFS_API_TOKEN>" on the RPC API (SDK clients: set IPFS_API_AUTH="Bearer <token>")',
    });
  }
}

export class NotPinnedError extends IpfsNodeError {
  override name = "NotPinnedError";
  constructor(cid: string) {
    super(`${cid} is not pinned or pinned indirectly`, { status: 400 });
  }
}

export class UnsupportedCodecError extends IpfsNodeError {
  override name = "UnsupportedCodecError";
  constructor(cid: string, codec: number) {
    super(`unsupported codec 0x${codec.toString(16)} in ${cid}`, {
      status: 400,
      details: "this node stores UnixFS data only (dag-pb and raw blocks)",
    });
  }
}

export class RangeNotSatisfiableError extends IpfsNodeError {
  override name = "RangeNotSatisfiableError";
  readonly size: number;
  constructor(range: string, size: number) {
    super(`range "${range}" cannot be satisfied for a ${size} byte file`, { status: 416 });
    this.size = size;
  }
}

/** Turns any thrown value into an IpfsNodeError; unknown errors become 500s. */
export function toIpfsNodeError(error: unknown): IpfsNodeError {
  if (error instanceof IpfsNodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IpfsNodeError(message, { status: 500, cause: error });
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

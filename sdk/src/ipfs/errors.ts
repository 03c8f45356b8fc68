import { CrowdlabelError } from "../errors.ts";

/** The IPFS node (RPC API or gateway) did not answer. */
export class IpfsUnreachableError extends CrowdlabelError {
  override name = "IpfsUnreachableError";
  readonly url: string;
  constructor({ url, attempts, cause }: { url: string; attempts: number; cause?: unknown }) {
    super(`IPFS node unreachable at ${url}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}.`, {
      details:
        "Start the local node with `pnpm ipfs`, or point IPFS_API_URL / IPFS_GATEWAY_URL at a running Kubo node or pinning service" +
        (cause instanceof Error ? ` (${cause.message}${cause.cause instanceof Error ? `: ${cause.cause.message}` : ""})` : "") +
        ".",
      cause,
    });
    this.url = url;
  }
}

/** The node answered with an error status. */
export class IpfsRequestError extends CrowdlabelError {
  override name = "IpfsRequestError";
  readonly url: string;
  readonly status: number | undefined;
  constructor({ url, status, message, cause }: { url: string; status?: number; message: string; cause?: unknown }) {
    super(`IPFS request to ${url} failed${status ? ` with HTTP ${status}` : ""}.`, { details: message, cause });
    this.url = url;
    this.status = status;
  }
}

/** Content fetched for a CID does not hash to that CID. */
export class CidMismatchError extends CrowdlabelError {
  override name = "CidMismatchError";
  readonly cid: string;
  constructor({ cid, actual, url }: { cid: string; actual: string | null; url: string }) {
    super(`Content from ${url} does not match CID ${cid}.`, {
      details:
        actual === null
          ? "The bytes re-imported with every standard Kubo layout gave other CIDs: the gateway served wrong or corrupted content (or the file was added with a non-default chunker)."
          : `The bytes hash to ${actual}: the gateway served wrong or corrupted content.`,
    });
    this.cid = cid;
  }
}

/** A CID that does not parse: no gateway can serve it. */
export class InvalidCidError extends CrowdlabelError {
  override name = "InvalidCidError";
  readonly cid: string;
  constructor({ cid, cause }: { cid: string; cause?: unknown }) {
    super(`Invalid CID ${cid}.`, { details: "Expected a CIDv0 (Qm…) or a CIDv1 (b…).", cause });
    this.cid = cid;
  }
}

/** The gateway served more bytes for a CID than the caller accepts (e.g. a manifest over `MAX_MANIFEST_BYTES`). */
export class ContentTooLargeError extends CrowdlabelError {
  override name = "ContentTooLargeError";
  readonly cid: string;
  readonly maxBytes: number;
  constructor({ cid, url, maxBytes }: { cid: string; url: string; maxBytes: number }) {
    super(`Content of ${cid} is larger than the ${formatMiB(maxBytes)} allowed.`, { details: `${url} served more than ${maxBytes} bytes.` });
    this.cid = cid;
    this.maxBytes = maxBytes;
  }
}

const formatMiB = (bytes: number) => `${Number((bytes / 2 ** 20).toFixed(2))} MiB`;

/** Entries of a folder to upload that cannot be read as files: broken links, FIFOs, sockets, devices, names that are not UTF-8. */
export class FolderEntryError extends CrowdlabelError {
  override name = "FolderEntryError";
  readonly entries: { path: string; problem: string }[];
  constructor({ folder, entries }: { folder: string; entries: { path: string; problem: string }[] }) {
    const listed = entries.slice(0, 5).map((e) => `${e.path} (${e.problem})`);
    super(`${entries.length} entr${entries.length === 1 ? "y" : "ies"} of ${folder} cannot be uploaded: ${listed.join(", ")}${entries.length > 5 ? ", …" : ""}.`, {
      details: "Replace each with the file itself (a regular file, or a link to one) under a UTF-8 name, or move it out of the folder. Nothing was uploaded.",
    });
    this.entries = entries;
  }
}

import { CID } from "multiformats/cid";
import { exporter, walkPath, type UnixFSEntry } from "ipfs-unixfs-exporter";
import { BadRequestError, InvalidCidError, IpfsNodeError, PathNotFoundError, UnsupportedCodecError } from "./errors.js";
import type { FsBlockstore } from "./blockstore.js";

/** A content path: a root CID and the names below it (`/ipfs/<cid>/a/b`, `<cid>/a/b`). */
export interface IpfsPath {
  cid: CID;
  segments: string[];
}

export function parseCid(input: string): CID {
  try {
    return CID.parse(input);
  } catch (error) {
    throw new InvalidCidError(input, error);
  }
}

export function parseIpfsPath(input: string): IpfsPath {
  if (input === "") throw new BadRequestError("argument \"ipfs-path\" is required");
  if (input.startsWith("/ipns/")) throw new BadRequestError(`cannot resolve "${input}"`, "IPNS is not supported by this offline node");
  const withoutPrefix = input.startsWith("/ipfs/") ? input.slice("/ipfs/".length) : input.replace(/^\/+/, "");
  const [root = "", ...rest] = withoutPrefix.split("/");
  const segments = rest.filter((segment) => segment !== "");
  return { cid: parseCid(root), segments };
}

export function formatIpfsPath(path: IpfsPath): string {
  return ["/ipfs", path.cid.toString(), ...path.segments].join("/");
}

function pathString(path: IpfsPath): string {
  return [path.cid.toString(), ...path.segments].join("/");
}

/** Exporter errors as HTTP-ready ones (unknown names -> 404, foreign codecs -> 400). */
function mapExporterError(path: IpfsPath, error: unknown): unknown {
  if (error instanceof IpfsNodeError) return error;
  if (error instanceof Error && error.name === "NotFoundError") return new PathNotFoundError(path.segments.join("/"), error.message);
  if (error instanceof Error && error.name === "NoResolverError") return new UnsupportedCodecError(path.cid.toString(), path.cid.code);
  return error;
}

/** Resolves a content path to its UnixFS entry. */
export async function resolveUnixfs(path: IpfsPath, blocks: FsBlockstore): Promise<UnixFSEntry> {
  try {
    return await exporter(pathString(path), blocks, { offline: true });
  } catch (error) {
    throw mapExporterError(path, error);
  }
}

/**
 * The CIDs a client needs to verify the path to the target, in order: every directory
 * (and HAMT shard) block crossed, then the target's CID last.
 */
export async function resolvePathBlocks(path: IpfsPath, blocks: FsBlockstore): Promise<CID[]> {
  const crossed: CID[] = [];
  try {
    for await (const entry of walkPath(pathString(path), blocks, { offline: true, yieldSubShards: true })) crossed.push(entry.cid);
  } catch (error) {
    throw mapExporterError(path, error);
  }
  return crossed;
}

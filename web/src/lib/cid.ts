import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { importer } from "ipfs-unixfs-importer";

/** A blockstore that keeps nothing: we only want the root CID. */
const discard = {
  put: async (cid: CID) => cid,
  get: async () => {
    throw new Error("not stored");
  },
  has: async () => false,
};

/**
 * The CID `bytes` would get when added the way Kubo adds a file (and the way our IPFS node does):
 * CIDv0 = dag-pb, 256 KiB chunks, no raw leaves; CIDv1 = raw leaves (single raw block if small).
 */
export async function computeCid(bytes: Uint8Array, version: 0 | 1 = 0): Promise<CID> {
  const options = version === 0 ? { cidVersion: 0 as const, rawLeaves: false } : { cidVersion: 1 as const, rawLeaves: true };
  let root: CID | undefined;
  for await (const entry of importer([{ content: bytes }], discard as never, options)) root = entry.cid;
  if (!root) throw new Error("importer produced no CID");
  return root;
}

export class CidMismatchError extends Error {
  override name = "CidMismatchError";
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Content does not match its CID: expected ${expected}, got ${actual}. The gateway served wrong data.`);
  }
}

/** Checks `bytes` against `cid` by recomputing it (raw blocks: hash directly; UnixFS: re-import). */
export async function verifyCid(cidText: string, bytes: Uint8Array): Promise<void> {
  const cid = CID.parse(cidText);
  const expected = cid.toString();
  if (cid.code === raw.code) {
    const digest = await sha256.digest(bytes);
    const actual = CID.createV1(raw.code, digest);
    if (!actual.equals(cid)) throw new CidMismatchError(expected, actual.toString());
    return;
  }
  const actual = await computeCid(bytes, cid.version === 0 ? 0 : 1);
  if (!actual.equals(cid)) throw new CidMismatchError(expected, actual.toString());
}

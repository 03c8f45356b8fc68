import * as dagPb from "@ipld/dag-pb";
import * as raw from "multiformats/codecs/raw";
import { CID } from "multiformats/cid";
import { UnsupportedCodecError } from "./errors.js";

export interface BlockSource {
  getBytes(cid: CID): Promise<Uint8Array>;
}

export interface DagBlock {
  cid: CID;
  bytes: Uint8Array;
}

/** The CIDs a block links to, in link order. Only UnixFS codecs (dag-pb, raw) are understood. */
export function linksOf(cid: CID, bytes: Uint8Array): CID[] {
  if (cid.code === raw.code) return [];
  if (cid.code === dagPb.code) return dagPb.decode(bytes).Links.map((link) => link.Hash);
  throw new UnsupportedCodecError(cid.toString(), cid.code);
}

/** Identity of a block regardless of CID version or codec: its multihash. */
export function blockKey(cid: CID): string {
  return Buffer.from(cid.multihash.bytes).toString("base64");
}

/**
 * Every block of the DAG under `root`, depth-first in link order, each block once —
 * the order a CARv1 with `order=dfs; dups=n` carries. Throws BlockNotFoundError on the
 * first missing block (the node is offline, so a missing block is final).
 */
export async function* walkDag(
  root: CID,
  blocks: BlockSource,
  seen: Set<string> = new Set(),
): AsyncGenerator<DagBlock> {
  const key = blockKey(root);
  if (seen.has(key)) return;
  seen.add(key);
  const bytes = await blocks.getBytes(root);
  yield { cid: root, bytes };
  for (const child of linksOf(root, bytes)) yield* walkDag(child, blocks, seen);
}

import * as dagPb from "@ipld/dag-pb";
import { UnixFS } from "ipfs-unixfs";
import * as raw from "multiformats/codecs/raw";
import type { CID } from "multiformats/cid";
import { UnsupportedCodecError } from "./errors.js";

/** unixfs.pb Data.DataType numbers, which Kubo puts in `ls` output's `Type`. */
const DATA_TYPE: Record<string, number> = {
  raw: 0,
  directory: 1,
  file: 2,
  metadata: 3,
  symlink: 4,
  "hamt-sharded-directory": 5,
};

export interface UnixfsSummary {
  /** Kubo's numeric type (a raw-codec block counts as a file, 2). */
  type: number;
  /** File size in bytes; 0 for directories, as Kubo reports it. */
  size: number;
}

export function summarizeUnixfs(cid: CID, bytes: Uint8Array): UnixfsSummary {
  if (cid.code === raw.code) return { type: DATA_TYPE.file ?? 2, size: bytes.byteLength };
  if (cid.code !== dagPb.code) throw new UnsupportedCodecError(cid.toString(), cid.code);
  const node = dagPb.decode(bytes);
  if (node.Data === undefined) return { type: DATA_TYPE.raw ?? 0, size: 0 };
  const unixfs = UnixFS.unmarshal(node.Data);
  const type = DATA_TYPE[unixfs.type] ?? 0;
  const isFile = unixfs.type === "file" || unixfs.type === "raw";
  return { type, size: isFile ? Number(unixfs.fileSize()) : 0 };
}

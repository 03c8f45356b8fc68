import { importBytes, type ImporterOptions } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { CID } from "multiformats/cid";

export type CidLayout = { cidVersion: 0 | 1; rawLeaves: boolean };

/** Kubo's defaults for `ipfs add`: 256 KiB chunks, balanced DAG of 174 links, single-block files reduced to the leaf. */
export function kuboImporterOptions(layout: CidLayout): ImporterOptions {
  return {
    cidVersion: layout.cidVersion,
    rawLeaves: layout.rawLeaves,
    leafType: "file",
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: 262_144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
  };
}

const discard = { put: async (cid: CID) => cid };

/** The CID `ipfs add` gives these bytes with the given layout (Kubo defaults otherwise). Nothing is stored. */
export async function computeCid(bytes: Uint8Array, layout: CidLayout = { cidVersion: 1, rawLeaves: true }): Promise<string> {
  const result = await importBytes(bytes, discard, kuboImporterOptions(layout));
  return result.cid.toString();
}

/** Layouts that may have produced `cid` (tried in order when verifying). */
export function candidateLayouts(cid: string): CidLayout[] {
  const parsed = CID.parse(cid);
  if (parsed.version === 0) return [{ cidVersion: 0, rawLeaves: false }];
  return [
    { cidVersion: 1, rawLeaves: true },
    { cidVersion: 1, rawLeaves: false },
  ];
}

import { importer, type ImportCandidate, type ImporterOptions, type ImportResult, type WritableStorage } from "ipfs-unixfs-importer";
import { fixedSize } from "ipfs-unixfs-importer/chunker";
import { balanced } from "ipfs-unixfs-importer/layout";
import { BadRequestError } from "./errors.js";

/** Kubo's `ipfs add` parameters that change the resulting CIDs. */
export interface AddLayoutOptions {
  cidVersion: 0 | 1;
  /** Kubo: true when `cid-version=1` unless `raw-leaves` is given explicitly. */
  rawLeaves: boolean;
  chunkSize: number;
  wrapWithDirectory: boolean;
}

/** Kubo's defaults (`ipfs add` with no flags). */
export const KUBO_CHUNK_SIZE = 262_144;
/** Kubo caps `--chunker=size-N` here (boxo's chunk.ChunkSizeLimit). */
export const KUBO_MAX_CHUNK_SIZE = 1_048_576;
/** Kubo's balanced layout puts at most 174 links in a node (boxo helpers.DefaultLinksPerBlock). */
const KUBO_LINKS_PER_BLOCK = 174;
/** Kubo turns a directory into a HAMT when its links estimate passes 256 KiB. */
const KUBO_HAMT_THRESHOLD_BYTES = 262_144;

/**
 * importer options that reproduce Kubo's CIDs: fixed-size chunks, a balanced DAG with 174
 * links per node, dag-pb `file` leaves (or raw leaves), one-block files reduced to the
 * leaf itself, and Kubo's links-bytes HAMT threshold.
 *
 * Files are imported one at a time (`fileImportConcurrency: 1`) because their bytes come
 * from one multipart stream: the importer would otherwise wait for file N+1 while file N
 * is still unread. Blocks inside a file are still hashed and written concurrently.
 */
export function kuboImporterOptions(options: AddLayoutOptions): ImporterOptions {
  return {
    cidVersion: options.cidVersion,
    rawLeaves: options.rawLeaves,
    leafType: "file",
    reduceSingleLeafToSelf: true,
    wrapWithDirectory: options.wrapWithDirectory,
    chunker: fixedSize({ chunkSize: options.chunkSize }),
    layout: balanced({ maxChildrenPerNode: KUBO_LINKS_PER_BLOCK }),
    shardSplitThresholdBytes: KUBO_HAMT_THRESHOLD_BYTES,
    shardSplitStrategy: "links-bytes",
    fieldOrder: "links-first",
    fileImportConcurrency: 1,
    blockWriteConcurrency: 16,
  };
}

/** Parses Kubo's `--chunker` value; only fixed-size chunking (`size-N`) is supported. */
export function parseChunker(value: string | null): number {
  if (value === null || value === "" || value === "default") return KUBO_CHUNK_SIZE;
  const match = /^size-(\d+)$/.exec(value);
  if (!match) {
    throw new BadRequestError(`unsupported chunker "${value}"`, "this node supports size-<bytes> only (Kubo's default is size-262144)");
  }
  const size = Number(match[1]);
  if (size <= 0 || size > KUBO_MAX_CHUNK_SIZE) {
    throw new BadRequestError(`chunker size ${size} out of range`, `use 1..${KUBO_MAX_CHUNK_SIZE} bytes`);
  }
  return size;
}

export function importUnixfs(
  source: AsyncIterable<ImportCandidate> | Iterable<ImportCandidate>,
  blockstore: WritableStorage,
  options: AddLayoutOptions,
): AsyncGenerator<ImportResult> {
  return importer(source, blockstore, kuboImporterOptions(options));
}

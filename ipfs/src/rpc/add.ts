import type { ImportCandidate } from "ipfs-unixfs-importer";
import type { CID } from "multiformats/cid";
import { discardingBlockstore, WriteBehind } from "../blockstore.js";
import { BadRequestError, PayloadTooLargeError } from "../errors.js";
import { NdjsonWriter } from "../http/respond.js";
import { importUnixfs, KUBO_CHUNK_SIZE, parseChunker, type AddLayoutOptions } from "../importer.js";
import { parseMultipart, type MultipartEntry } from "../multipart.js";
import { booleanOption, type RpcHandler } from "./context.js";

interface AddOptions extends AddLayoutOptions {
  pin: boolean;
  onlyHash: boolean;
  progress: boolean;
}

type ProgressSink = (name: string, bytes: number) => void;

/**
 * `POST /api/v0/add`: imports every file part of the multipart body, answers one ndjson
 * line per file and directory (`{"Name","Hash","Size"}`, Size a string as Kubo sends it),
 * with `progress=true` also `{"Name","Bytes"}` lines while reading, and pins the top-level
 * roots unless `pin=false`.
 */
export const add: RpcHandler = async ({ req, res, query, node }) => {
  const options = parseAddOptions(query);
  const limit = node.config.maxUploadBytes;
  const declaredLength = Number(req.headers["content-length"]);
  if (Number.isFinite(declaredLength) && declaredLength > limit) throw new PayloadTooLargeError(limit);

  // Without progress, hold the (small) result lines until the body is read, so a limit or
  // parse error found late still gets its own status code instead of a cut stream.
  const output = new NdjsonWriter(res, !options.progress);
  try {
    const entries = parseMultipart(req, { maxBytes: limit });
    const progress: ProgressSink | undefined = options.progress ? (Name, Bytes) => output.write({ Name, Bytes }) : undefined;
    const blockstore = options.onlyHash ? discardingBlockstore : new WriteBehind(node.blocks);
    const roots: CID[] = [];
    let added = 0;
    for await (const result of importUnixfs(toCandidates(entries, progress), blockstore, options)) {
      const name = result.path ?? result.cid.toString();
      // A streamed result line promises the blocks are stored; buffered lines wait for the flush below.
      if (options.progress) await blockstore.flush();
      output.write({ Name: name, Hash: result.cid.toString(), Size: result.size.toString() });
      added += 1;
      if (options.wrapWithDirectory ? name === "" : !name.includes("/")) roots.push(result.cid);
    }
    await blockstore.flush();
    if (added === 0) throw new BadRequestError("file argument \"path\" is required", "the multipart body has no file parts");
    if (options.pin && !options.onlyHash) await node.pins.addMany(roots, "recursive");
    output.end();
  } catch (error) {
    output.fail(error);
  }
};

function parseAddOptions(query: URLSearchParams): AddOptions {
  const version = query.get("cid-version") ?? "0";
  if (version !== "0" && version !== "1") throw new BadRequestError(`unknown CID version "${version}"`, "use 0 or 1");
  const cidVersion = version === "1" ? 1 : 0;
  const hash = query.get("hash");
  if (hash !== null && hash !== "sha2-256") throw new BadRequestError(`unsupported hash "${hash}"`, "only sha2-256 is supported");
  if (booleanOption(query, "trickle", false)) throw new BadRequestError("the trickle layout is not supported", "use the default balanced layout");
  return {
    cidVersion,
    rawLeaves: booleanOption(query, "raw-leaves", cidVersion === 1),
    chunkSize: query.has("chunker") ? parseChunker(query.get("chunker")) : KUBO_CHUNK_SIZE,
    wrapWithDirectory: booleanOption(query, "wrap-with-directory", false),
    pin: booleanOption(query, "pin", true),
    onlyHash: booleanOption(query, "only-hash", false),
    progress: booleanOption(query, "progress", false),
  };
}

async function* toCandidates(entries: AsyncIterable<MultipartEntry>, progress: ProgressSink | undefined): AsyncGenerator<ImportCandidate> {
  const paths = new PathRegistry();
  for await (const entry of entries) {
    if (entry.kind === "directory") {
      paths.addDirectory(entry.path);
      if (entry.path !== "") yield { path: entry.path };
      continue;
    }
    paths.addFile(entry.path);
    const path = entry.path === "" ? undefined : entry.path;
    yield { path, content: progress ? reportProgress(entry.content, entry.path, progress) : entry.content };
  }
}

/**
 * The paths one add has used so far. The importer's tree builder keeps only the last entry
 * of a repeated name, so a repeated file path, or a file that is also a directory of another
 * path, would drop a file from the root while its result line reports it added. Kubo refuses
 * both ("directory already has entry by that name"); so do we, naming the path.
 */
class PathRegistry {
  private readonly files = new Set<string>();
  private readonly directories = new Set<string>();

  addFile(path: string): void {
    if (path === "") return; // unnamed parts are named by their CID, never by a path
    if (this.files.has(path)) throw pathConflict(path, `two files in this add are named "${path}"`);
    if (this.directories.has(path)) throw pathConflict(path, `"${path}" is both a file and a directory in this add`);
    this.addParents(path);
    this.files.add(path);
  }

  addDirectory(path: string): void {
    if (path === "") return;
    if (this.files.has(path)) throw pathConflict(path, `"${path}" is both a file and a directory in this add`);
    this.addParents(path);
    this.directories.add(path);
  }

  private addParents(path: string): void {
    const segments = path.split("/");
    for (let end = 1; end < segments.length; end += 1) {
      const parent = segments.slice(0, end).join("/");
      if (this.files.has(parent)) throw pathConflict(parent, `"${parent}" is both a file and the directory of "${path}" in this add`);
      this.directories.add(parent);
    }
  }
}

function pathConflict(path: string, details: string): BadRequestError {
  return new BadRequestError(`directory already has entry by that name: "${path}"`, `${details}; give each file a unique path`);
}

/** Passes bytes through, reporting the running total every chunk's worth and at the end, as Kubo does. */
async function* reportProgress(
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  name: string,
  progress: ProgressSink,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  let reported = 0;
  for await (const chunk of content) {
    total += chunk.byteLength;
    if (total - reported >= KUBO_CHUNK_SIZE) {
      progress(name, total);
      reported = total;
    }
    yield chunk;
  }
  progress(name, total);
}

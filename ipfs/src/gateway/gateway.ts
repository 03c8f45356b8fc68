import type { IncomingMessage, ServerResponse } from "node:http";
import type { UnixFSEntry } from "ipfs-unixfs-exporter";
import type { CID } from "multiformats/cid";
import { applyCors } from "../cors.js";
import { blockKey, walkDag, type DagBlock } from "../dag.js";
import { BadRequestError, MethodNotAllowedError, PathNotFoundError, RangeNotSatisfiableError, toIpfsNodeError } from "../errors.js";
import { streamBytes } from "../http/respond.js";
import { formatIpfsPath, parseCid, resolvePathBlocks, resolveUnixfs, type IpfsPath } from "../ipfsPath.js";
import type { IpfsNode } from "../node.js";
import { CAR_CONTENT_TYPE, carStream } from "./car.js";
import { contentTypeOf, SNIFF_BYTES } from "./contentType.js";
import { renderDirectoryListing, type ListingEntry } from "./directoryListing.js";
import { parseRange } from "./range.js";

/** Content is addressed by hash, so it never changes: cache it for a year (Kubo's value). */
const IMMUTABLE = "public, max-age=29030400, immutable";

type ResponseFormat = "unixfs" | "raw" | "car";

interface GatewayRequest {
  req: IncomingMessage;
  res: ServerResponse;
  node: IpfsNode;
  url: URL;
  path: IpfsPath;
}

/**
 * The read-only path gateway: `GET|HEAD /ipfs/<cid>[/path]` serves files (with Range),
 * directories (index.html or a listing), and the trustless response types: the raw block
 * (`?format=raw`, `Accept: application/vnd.ipld.raw`) and a CARv1 of the DAG (`?format=car`,
 * `Accept: application/vnd.ipld.car`) a client can verify block by block.
 */
export async function handleGateway(req: IncomingMessage, res: ServerResponse, node: IpfsNode): Promise<void> {
  try {
    if (applyCors(req, res, node.config.corsOrigins, "GET, HEAD, OPTIONS") === "preflight-answered") return;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD, OPTIONS");
      throw new MethodNotAllowedError(req.method ?? "?", "GET or HEAD");
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!url.pathname.startsWith("/ipfs/")) throw new PathNotFoundError(url.pathname, "this gateway serves /ipfs/<cid>[/path] only");
    const [root = "", ...rest] = url.pathname.slice("/ipfs/".length).split("/").map(decodeSegment);
    const path: IpfsPath = { cid: parseCid(root), segments: rest.filter((segment) => segment !== "") };
    const request: GatewayRequest = { req, res, node, url, path };
    res.setHeader("X-Ipfs-Path", formatIpfsPath(path));
    const format = responseFormat(url.searchParams.get("format"), req.headers.accept);
    if (format === "raw") await serveBlock(request);
    else if (format === "car") await serveCar(request);
    else await serveUnixfs(request);
  } catch (error) {
    sendGatewayError(res, error);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequestError(`invalid URL encoding in path segment "${segment}"`);
  }
}

function responseFormat(format: string | null, accept: string | undefined): ResponseFormat {
  if (format !== null && format !== "") {
    if (format === "raw" || format === "car") return format;
    throw new BadRequestError(`unsupported format "${format}"`, "use raw or car");
  }
  if (accept?.includes("application/vnd.ipld.raw")) return "raw";
  if (accept?.includes("application/vnd.ipld.car")) return "car";
  return "unixfs";
}

/** Quoted, as ETags must be; `suffix` keeps raw/CAR variants distinct from the file itself. */
function etag(cid: CID, suffix = ""): string {
  return `"${cid}${suffix}"`;
}

/** Sends 304 and returns true when the client already holds this exact response. */
function notModified({ req, res }: GatewayRequest, tag: string): boolean {
  res.setHeader("ETag", tag);
  res.setHeader("Cache-Control", IMMUTABLE);
  const ifNoneMatch = req.headers["if-none-match"];
  if (ifNoneMatch === undefined || !ifNoneMatch.split(",").some((candidate) => candidate.trim() === tag || candidate.trim() === "*")) {
    return false;
  }
  res.writeHead(304);
  res.end();
  return true;
}

async function targetCid(request: GatewayRequest): Promise<{ target: CID; crossed: CID[] }> {
  if (request.path.segments.length === 0) return { target: request.path.cid, crossed: [] };
  const blocks = await resolvePathBlocks(request.path, request.node.blocks);
  const target = blocks.at(-1) ?? request.path.cid;
  return { target, crossed: blocks.slice(0, -1) };
}

async function serveBlock(request: GatewayRequest): Promise<void> {
  const { target } = await targetCid(request);
  const bytes = await request.node.blocks.getBytes(target);
  if (notModified(request, etag(target, ".raw"))) return;
  request.res.writeHead(200, {
    "Content-Type": "application/vnd.ipld.raw",
    "Content-Length": bytes.byteLength,
    "Content-Disposition": `attachment; filename="${target}.bin"`,
    "X-Content-Type-Options": "nosniff",
    Vary: "Accept, Origin",
  });
  request.res.end(request.req.method === "HEAD" ? undefined : bytes);
}

/**
 * CARv1 rooted at the requested CID: first the blocks crossed along the path (so the path
 * can be verified), then, for `dag-scope=all` (default) the whole DAG of the target, for
 * `dag-scope=block` only its block.
 */
async function serveCar(request: GatewayRequest): Promise<void> {
  const scope = request.url.searchParams.get("dag-scope") ?? "all";
  if (scope !== "all" && scope !== "block") throw new BadRequestError(`unsupported dag-scope "${scope}"`, "use all or block");
  const { target, crossed } = await targetCid(request);
  await request.node.blocks.getBytes(target);
  const scopeSuffix = scope === "all" ? "" : `.${scope}`;
  if (notModified(request, etag(target, `.car${scopeSuffix}`))) return;
  request.res.writeHead(200, {
    "Content-Type": CAR_CONTENT_TYPE,
    "Content-Disposition": `attachment; filename="${target}.car"`,
    "X-Content-Type-Options": "nosniff",
    Vary: "Accept, Origin",
  });
  if (request.req.method === "HEAD") {
    request.res.end();
    return;
  }
  const blocks = request.node.blocks;
  async function* carBlocks(): AsyncGenerator<DagBlock> {
    const seen = new Set<string>();
    for (const cid of crossed) {
      if (seen.has(blockKey(cid))) continue;
      seen.add(blockKey(cid));
      yield { cid, bytes: await blocks.getBytes(cid) };
    }
    if (scope === "block") yield { cid: target, bytes: await blocks.getBytes(target) };
    else yield* walkDag(target, blocks, seen);
  }
  await streamBytes(request.res, carStream([request.path.cid], carBlocks()));
}

async function serveUnixfs(request: GatewayRequest): Promise<void> {
  let entry = await resolveUnixfs(request.path, request.node.blocks);
  let name = request.path.segments.at(-1) ?? "";
  if (entry.type === "directory") {
    if (!request.url.pathname.endsWith("/")) {
      request.res.writeHead(301, { Location: `${request.url.pathname}/${request.url.search}` });
      request.res.end();
      return;
    }
    const index = await findIndexHtml(request);
    if (index === undefined) {
      await serveListing(request, entry);
      return;
    }
    entry = index;
    name = "index.html";
  }
  if (entry.type === "object") throw new BadRequestError("not a UnixFS file or directory", "request it with ?format=raw or ?format=car");
  if (entry.type === "directory") throw new BadRequestError("index.html is a directory");
  await serveFile(request, entry, name);
}

async function findIndexHtml(request: GatewayRequest): Promise<UnixFSEntry | undefined> {
  try {
    return await resolveUnixfs({ ...request.path, segments: [...request.path.segments, "index.html"] }, request.node.blocks);
  } catch (error) {
    if (error instanceof PathNotFoundError) return undefined;
    throw error;
  }
}

async function serveListing(request: GatewayRequest, directory: Extract<UnixFSEntry, { type: "directory" }>): Promise<void> {
  if (notModified(request, etag(directory.cid, ".dir"))) return;
  const entries: ListingEntry[] = [];
  for await (const child of directory.entries()) {
    const resolved = await resolveUnixfs({ cid: child.cid, segments: [] }, request.node.blocks);
    entries.push({ name: child.name, cid: child.cid.toString(), size: Number(resolved.size), isDirectory: resolved.type === "directory" });
  }
  const html = renderDirectoryListing(formatIpfsPath(request.path), entries);
  request.res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
  request.res.end(request.req.method === "HEAD" ? undefined : html);
}

type FileEntry = Extract<UnixFSEntry, { type: "file" | "raw" | "identity" }>;

async function serveFile(request: GatewayRequest, entry: FileEntry, name: string): Promise<void> {
  const { req, res, url } = request;
  const size = Number(entry.size);
  let range;
  try {
    range = parseRange(req.headers.range, size);
  } catch (error) {
    if (error instanceof RangeNotSatisfiableError) res.setHeader("Content-Range", `bytes */${size}`);
    throw error;
  }
  if (notModified(request, etag(entry.cid))) return;
  const head = await collectHead(entry, Math.min(SNIFF_BYTES, size));
  const headers: Record<string, string | number> = {
    "Content-Type": contentTypeOf(url.searchParams.get("filename") ?? name, head),
    "Accept-Ranges": "bytes",
    "X-Ipfs-Roots": entry.cid.toString(),
  };
  const filename = url.searchParams.get("filename");
  if (filename !== null) {
    const disposition = url.searchParams.get("download") === "true" ? "attachment" : "inline";
    headers["Content-Disposition"] = contentDisposition(disposition, filename);
  }
  const start = range?.start ?? 0;
  const length = range ? range.end - range.start + 1 : size;
  headers["Content-Length"] = length;
  if (range) headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === "HEAD" || length === 0) {
    res.end();
    return;
  }
  await streamBytes(res, entry.content({ offset: start, length }));
}

/**
 * As Kubo sends it: an ASCII `filename` for old clients and the exact name as RFC 8187
 * `filename*=UTF-8''...`. A header value may only hold Latin-1, so a name like `猫.png`
 * put in `filename` as is made Node throw and the gateway answer 500.
 */
export function contentDisposition(disposition: "inline" | "attachment", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

async function collectHead(entry: FileEntry, length: number): Promise<Uint8Array> {
  if (length === 0) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  for await (const part of entry.content({ offset: 0, length })) parts.push(part);
  return Buffer.concat(parts);
}

/** Gateway errors are plain text, as Kubo's gateway sends them; midway failures cut the connection. */
function sendGatewayError(res: ServerResponse, thrown: unknown): void {
  const error = toIpfsNodeError(thrown);
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  const text = `${error.status} ${error.message}\n`;
  res.removeHeader("ETag");
  res.removeHeader("Cache-Control");
  res.writeHead(error.status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

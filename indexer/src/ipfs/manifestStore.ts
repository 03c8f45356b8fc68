import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import {
  CidMismatchError,
  ContentTooLargeError,
  CrowdlabelError,
  fetchVerified,
  InvalidCidError,
  MAX_MANIFEST_BYTES,
  manifestMismatches,
  parseCid,
  validateManifest,
  type ManifestExpectations,
  type TaskManifest,
} from "@crowdlabel/sdk";
import { indexerConfig } from "../config/loadIndexerConfig.ts";
import { reportError, reportOk } from "../health/serviceHealth.ts";


export type ManifestResolution =
  | { manifest: TaskManifest; error: null }
  | { manifest: null; error: string };

const UNAVAILABLE = "unavailable: ";

export function isUnavailable(error: string | null): boolean {
  return error !== null && error.startsWith(UNAVAILABLE);
}

/**
 * The cache file of a CID's content, named by the CID's canonical form; none for text that is no CID (it names no
 * content: `fetchVerified` refuses it, whatever another task's CID cached).
 */
function cachePath(cid: string): string | undefined {
  let canonical: string;
  try {
    canonical = parseCid(cid).toString();
  } catch {
    return undefined;
  }
  return join(indexerConfig().dataDir, "manifests", `${canonical}.json`);
}

const isCached = (cid: string): boolean => {
  const path = cachePath(cid);
  return path !== undefined && existsSync(path);
};

/** Verified manifest bytes, at most `MAX_MANIFEST_BYTES`: from the content-addressed cache, else the gateway (then cached). */
async function manifestBytes(cid: string, attempts: number): Promise<Uint8Array> {
  const path = cachePath(cid);
  if (path !== undefined && existsSync(path)) return withinSizeLimit(readFileSync(path), cid, path);
  const config = indexerConfig();
  try {
    const bytes = await fetchVerified({
      config: config.ipfs,
      cid,
      timeoutMs: 5_000,
      maxBytes: MAX_MANIFEST_BYTES,
      retry: { retries: attempts - 1, baseDelayMs: 400, onRetry: ({ error }) => reportError("ipfs", error) },
    });
    reportOk("ipfs");
    if (path !== undefined) {
      mkdirSync(join(config.dataDir, "manifests"), { recursive: true });
      writeFileSync(`${path}.tmp`, bytes);
      renameSync(`${path}.tmp`, path);
    }
    return bytes;
  } catch (error) {
    if (!isPermanent(error)) reportError("ipfs", error);
    throw error;
  }
}

/** Bytes cached before the size limit existed are held to it too, so a re-index gives the same verdict. */
function withinSizeLimit(bytes: Uint8Array, cid: string, path: string): Uint8Array {
  if (bytes.length > MAX_MANIFEST_BYTES) throw new ContentTooLargeError({ cid, url: path, maxBytes: MAX_MANIFEST_BYTES });
  return bytes;
}

/**
 * Errors about the CID or its content, which no retry will change. Every HTTP status is retried: a 404 can
 * turn into content once it is pinned, and a 401/403/400/410 usually means the gateway or its auth is misconfigured.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof InvalidCidError || error instanceof CidMismatchError || error instanceof ContentTooLargeError;
}

/** A manifest CID's content, validated with the sdk schema: the same verdict for every task that names the CID. */
export function parseManifestBytes(bytes: Uint8Array): ManifestResolution {
  const result = validateManifest(bytes);
  if (!result.success)
    return { manifest: null, error: `invalid: ${result.issues.slice(0, 5).map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}` };
  return { manifest: result.manifest, error: null };
}

/** A CID's verdict (`parseManifestBytes`, `loadManifest`) for one task: a manifest must also match its on-chain parameters. */
export function matchTask(content: ManifestResolution, expected: ManifestExpectations): ManifestResolution {
  const m = content.manifest;
  if (!m) return content;
  const mismatches = manifestMismatches(m, expected);
  if (mismatches.length) return { manifest: null, error: `invalid: manifest does not match the task (${mismatches.join("; ")})` };
  return content;
}

/**
 * Fetches and validates the manifest of a CID. Never throws: an unreachable manifest resolves to
 * `unavailable: …`, a bad one (malformed CID, content not matching it, too large, failing the schema) to `invalid: …`.
 */
export async function loadManifest(cid: string, attempts: number): Promise<ManifestResolution> {
  let bytes: Uint8Array;
  try {
    bytes = await manifestBytes(cid, Math.max(1, attempts));
  } catch (error) {
    const message = error instanceof CrowdlabelError ? error.shortMessage : (error as Error).message;
    if (isPermanent(error)) return { manifest: null, error: `invalid: ${message}` };
    return { manifest: null, error: `${UNAVAILABLE}${message}` };
  }
  return parseManifestBytes(bytes);
}

/**
 * A task's manifest: `loadManifest` then `matchTask`. An unavailable one is refetched later (see `refreshManifest`);
 * both outcomes depend only on the CID's content and the task, so re-indexing with IPFS up gives the same rows.
 */
export async function resolveManifest(cid: string, expected: ManifestExpectations, attempts = Number(process.env.MANIFEST_FETCH_ATTEMPTS ?? 4)): Promise<ManifestResolution> {
  return matchTask(await loadManifest(cid, attempts), expected);
}

const lastTry = new Map<string, number>();

/**
 * For the API: retries an unavailable manifest at most every `minIntervalMs` (one attempt, no backoff wait). Returns the
 * CID's verdict (to `matchTask` per task), or null while it is still unavailable.
 */
export async function refreshManifest(cid: string, minIntervalMs = 5_000): Promise<ManifestResolution | null> {
  if (isCached(cid)) return loadManifest(cid, 1);
  const last = lastTry.get(cid) ?? 0;
  if (Date.now() - last < minIntervalMs) return null;
  lastTry.set(cid, Date.now());
  const content = await loadManifest(cid, 1);
  return isUnavailable(content.error) ? null : content;
}

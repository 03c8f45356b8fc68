import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { CidMismatchError, CrowdlabelError, fetchVerified, IpfsRequestError, IpfsUnreachableError, validateManifest, type TaskManifest } from "@crowdlabel/sdk";
import { indexerConfig } from "../config/loadIndexerConfig.ts";
import { reportError, reportOk } from "../health/serviceHealth.ts";

/** What the chain says about a task, checked against its manifest. */
export type ManifestExpectations = { itemCount: number; batchSize: number; classCount: number };

export type ManifestResolution =
  | { manifest: TaskManifest; error: null }
  | { manifest: null; error: string };

const UNAVAILABLE = "unavailable: ";

export function isUnavailable(error: string | null): boolean {
  return error !== null && error.startsWith(UNAVAILABLE);
}

function cachePath(cid: string): string {
  return join(indexerConfig().dataDir, "manifests", `${cid.replace(/[^A-Za-z0-9]/g, "")}.json`);
}

/** Verified manifest bytes: from the content-addressed cache, else the gateway (then cached). */
async function manifestBytes(cid: string, attempts: number): Promise<Uint8Array> {
  const path = cachePath(cid);
  if (existsSync(path)) return readFileSync(path);
  const config = indexerConfig();
  try {
    const bytes = await fetchVerified({
      config: config.ipfs,
      cid,
      timeoutMs: 5_000,
      retry: { retries: attempts - 1, baseDelayMs: 400, onRetry: ({ error }) => reportError("ipfs", error) },
    });
    reportOk("ipfs");
    mkdirSync(join(config.dataDir, "manifests"), { recursive: true });
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
    return bytes;
  } catch (error) {
    if (!isPermanent(error)) reportError("ipfs", error);
    throw error;
  }
}

/** Errors about the content or the CID itself, which no retry will change (a 404 may: the content can appear later). */
function isPermanent(error: unknown): boolean {
  if (error instanceof IpfsUnreachableError) return false;
  if (error instanceof IpfsRequestError) return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 404 && error.status !== 408 && error.status !== 429;
  return error instanceof CidMismatchError || error instanceof CrowdlabelError;
}

/** Validates manifest bytes with the sdk schema and against the task's on-chain parameters. */
export function checkManifest(bytes: Uint8Array, expected: ManifestExpectations): ManifestResolution {
  const result = validateManifest(bytes);
  if (!result.success)
    return { manifest: null, error: `invalid: ${result.issues.slice(0, 5).map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}` };
  const m = result.manifest;
  const mismatches: string[] = [];
  if (m.items.length !== expected.itemCount) mismatches.push(`${m.items.length} items, task has ${expected.itemCount}`);
  if (m.batchSize !== expected.batchSize) mismatches.push(`batchSize ${m.batchSize}, task has ${expected.batchSize}`);
  if (m.classes.length !== expected.classCount) mismatches.push(`${m.classes.length} classes, task has ${expected.classCount}`);
  if (mismatches.length) return { manifest: null, error: `invalid: manifest does not match the task (${mismatches.join("; ")})` };
  return { manifest: m, error: null };
}

/**
 * Fetches and validates a task's manifest. Never throws: an unreachable manifest resolves to
 * `unavailable: …` (refetched later, see `refreshManifest`), a bad one to `invalid: …`. Both outcomes
 * depend only on the CID's content, so re-indexing with IPFS up gives the same rows.
 */
export async function resolveManifest(cid: string, expected: ManifestExpectations, attempts = Number(process.env.MANIFEST_FETCH_ATTEMPTS ?? 4)): Promise<ManifestResolution> {
  let bytes: Uint8Array;
  try {
    bytes = await manifestBytes(cid, Math.max(1, attempts));
  } catch (error) {
    const message = error instanceof CrowdlabelError ? error.shortMessage : (error as Error).message;
    if (isPermanent(error)) return { manifest: null, error: `invalid: ${message}` };
    return { manifest: null, error: `${UNAVAILABLE}${message}` };
  }
  return checkManifest(bytes, expected);
}

const lastTry = new Map<string, number>();

/** For the API: retries an unavailable manifest at most every `minIntervalMs` (one attempt, no backoff wait). */
export async function refreshManifest(cid: string, expected: ManifestExpectations, minIntervalMs = 5_000): Promise<ManifestResolution | null> {
  if (existsSync(cachePath(cid))) return resolveManifest(cid, expected, 1);
  const last = lastTry.get(cid) ?? 0;
  if (Date.now() - last < minIntervalMs) return null;
  lastTry.set(cid, Date.now());
  const resolution = await resolveManifest(cid, expected, 1);
  return isUnavailable(resolution.error) ? null : resolution;
}

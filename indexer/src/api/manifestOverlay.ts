import type { TaskManifest } from "@crowdlabel/sdk";
import { isUnavailable, matchTask, refreshManifest, type ManifestResolution } from "../ipfs/manifestStore.ts";

/** The task columns the overlay reads: which manifest, the handler's verdict, and what the manifest must match. */
export type ManifestStatusFields = {
  manifestCid: string;
  manifestError: string | null;
  title: string | null;
  itemCount: number;
  batchSize: number;
  classCount: number;
};

type TaskManifestFields = ManifestStatusFields & { manifest: TaskManifest | null };

// Verdicts on manifests the handlers could not fetch, fetched later by the API, by CID: content-addressed, so one
// verdict serves every task naming the CID, each still checked against its own parameters (`matchTask`).
const key = Symbol.for("crowdlabel.indexer.manifestOverlay");
const store = globalThis as unknown as Record<symbol, Map<string, ManifestResolution> | undefined>;
const fetchedLater = (): Map<string, ManifestResolution> => (store[key] ??= new Map());

/** The row's manifest verdict for this task when the handler found IPFS unavailable and the API fetched it since; else null. */
function lateResolution(row: ManifestStatusFields): ManifestResolution | null {
  if (!isUnavailable(row.manifestError)) return null;
  const content = fetchedLater().get(row.manifestCid);
  return content ? matchTask(content, row) : null;
}

/** The row with a manifest fetched after indexing, if the handler had found IPFS unavailable. */
export function withManifest<T extends TaskManifestFields>(row: T): T {
  const late = lateResolution(row);
  if (!late) return row;
  return { ...row, manifest: late.manifest, manifestError: late.error, title: late.manifest?.title ?? null };
}

/** `title` and `manifestError` as `withManifest` would give them, for listings that do not select the manifest. */
export function manifestStatus(row: ManifestStatusFields): { title: string | null; manifestError: string | null } {
  const late = lateResolution(row);
  if (!late) return { title: row.title, manifestError: row.manifestError };
  return { title: late.manifest?.title ?? null, manifestError: late.error };
}

/** Tries again to fetch an unavailable manifest (throttled per CID); the result feeds `withManifest`. */
export async function refreshRow<T extends TaskManifestFields>(row: T): Promise<T> {
  await refreshCid(row);
  return withManifest(row);
}

type CidFields = Pick<ManifestStatusFields, "manifestCid" | "manifestError">;

async function refreshCid(row: CidFields): Promise<void> {
  if (!isUnavailable(row.manifestError) || fetchedLater().has(row.manifestCid)) return;
  const content = await refreshManifest(row.manifestCid);
  if (content) fetchedLater().set(row.manifestCid, content);
}

/** Background refetch of every unavailable manifest; `rows` lists them. */
export async function refreshUnavailable(rows: CidFields[]): Promise<void> {
  for (const row of rows) await refreshCid(row);
}

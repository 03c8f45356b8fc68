import type { TaskManifest } from "@crowdlabel/sdk";
import { isUnavailable, refreshManifest, type ManifestResolution } from "../ipfs/manifestStore.ts";

type TaskManifestFields = {
  manifestCid: string;
  manifest: TaskManifest | null;
  manifestError: string | null;
  title: string | null;
  itemCount: number;
  batchSize: number;
  classCount: number;
};

// Manifests the handlers could not fetch, fetched later by the API (content-addressed, so safe to reuse).
const key = Symbol.for("crowdlabel.indexer.manifestOverlay");
const store = globalThis as unknown as Record<symbol, Map<string, ManifestResolution> | undefined>;
const resolved = (): Map<string, ManifestResolution> => (store[key] ??= new Map());

/** The row with a manifest fetched after indexing, if the handler had found IPFS unavailable. */
export function withManifest<T extends TaskManifestFields>(row: T): T {
  if (!isUnavailable(row.manifestError)) return row;
  const later = resolved().get(row.manifestCid);
  if (!later) return row;
  return { ...row, manifest: later.manifest, manifestError: later.error, title: later.manifest?.title ?? null };
}

/** Tries again to fetch an unavailable manifest (throttled per CID); the result feeds `withManifest`. */
export async function refreshRow<T extends TaskManifestFields>(row: T): Promise<T> {
  if (isUnavailable(row.manifestError) && !resolved().has(row.manifestCid)) {
    const resolution = await refreshManifest(row.manifestCid, row);
    if (resolution) resolved().set(row.manifestCid, resolution);
  }
  return withManifest(row);
}

/** Background refetch of every unavailable manifest; `rows` lists them. */
export async function refreshUnavailable(rows: TaskManifestFields[]): Promise<void> {
  for (const row of rows) await refreshRow(row);
}

import type { Hash } from "viem";

/** Logs of finalized blocks kept for a query across reloads, with the hash of the block they run to. */
export type StoredLogs<T> = { settledTo: bigint; hash: Hash; logs: T[] };

const PREFIX = "crowdlabel:settled-logs:v1:";
/** Larger sets are read again after a reload rather than crowd out the app's own stores (localStorage holds ~5 MB). */
export const MAX_STORED_CHARS = 1_000_000;

// viem's logs carry bigints (block numbers, amounts), which JSON has no type for.
const BIGINT = "$bigint";
const replacer = (_key: string, value: unknown) => (typeof value === "bigint" ? { [BIGINT]: value.toString() } : value);
const reviver = (_key: string, value: unknown) =>
  value !== null && typeof value === "object" && BIGINT in value && Object.keys(value).length === 1 ? BigInt((value as Record<string, string>)[BIGINT]!) : value;

const storage = (): Storage | undefined => (typeof localStorage === "undefined" ? undefined : localStorage);

/** Whether this environment can keep logs at all (a browser; not Node). */
export const canStoreLogs = (): boolean => storage() !== undefined;

/** The logs stored under `key`, or undefined when there are none or they cannot be read (then they are removed). */
export function readStoredLogs<T>(key: string): StoredLogs<T> | undefined {
  const raw = storage()?.getItem(PREFIX + key);
  if (raw == null) return undefined;
  try {
    const stored = JSON.parse(raw, reviver) as StoredLogs<T>;
    if (typeof stored.settledTo === "bigint" && typeof stored.hash === "string" && Array.isArray(stored.logs)) return stored;
  } catch {
    // written by another version of the app, or cut short: read the blocks again
  }
  removeStoredLogs(key);
  return undefined;
}

/** Stores the logs under `key`; a set too large for MAX_STORED_CHARS, or a full storage, removes the older copy instead. */
export function writeStoredLogs<T>(key: string, stored: StoredLogs<T>): void {
  const store = storage();
  if (!store) return;
  const raw = JSON.stringify(stored, replacer);
  try {
    if (raw.length > MAX_STORED_CHARS) throw new RangeError("too large to keep");
    store.setItem(PREFIX + key, raw);
  } catch {
    removeStoredLogs(key);
  }
}

export function removeStoredLogs(key: string): void {
  storage()?.removeItem(PREFIX + key);
}

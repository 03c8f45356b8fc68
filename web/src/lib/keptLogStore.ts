import type { Hash } from "viem";

/** Logs of finalized blocks kept for a query across reloads, with the hash of the block they run to. */
export type StoredLogs<T> = { settledTo: bigint; hash: Hash; logs: T[] };

const PREFIX = "crowdlabel:settled-logs:v1:";
/** Each stored set's size and when it was written, so the oldest go first when the budget is full. */
const INDEX = "crowdlabel:settled-logs-index:v1";
// localStorage holds about 5M characters per origin, and the labeling sessions and reveal records (salts) live there
// too: kept logs are a cache, so they take a bounded share and never the room a reveal record needs.
/** The largest set stored for one query; a larger one is read again after a reload. */
export const MAX_STORED_CHARS = 500_000;
/** All stored sets together; past it the least recently written go. */
export const MAX_TOTAL_CHARS = 1_500_000;

type Index = Record<string, { chars: number; at: number }>;

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

function readIndex(store: Storage): Index {
  try {
    const index = JSON.parse(store.getItem(INDEX) ?? "{}") as unknown;
    if (index !== null && typeof index === "object" && !Array.isArray(index)) return index as Index;
  } catch {
    // cut short: the sets it listed are dropped below, so none is left outside the budget
  }
  removeAllStoredLogs();
  return {};
}

/**
 * Stores the logs under `key`, first removing the least recently written sets until all fit in MAX_TOTAL_CHARS.
 * A set over MAX_STORED_CHARS, or a storage that is full anyway, removes the older copy instead.
 */
export function writeStoredLogs<T>(key: string, stored: StoredLogs<T>): void {
  const store = storage();
  if (!store) return;
  const raw = JSON.stringify(stored, replacer);
  const index = readIndex(store);
  delete index[key];
  try {
    if (raw.length > MAX_STORED_CHARS) throw new RangeError("too large to keep");
    const oldestFirst = Object.entries(index).sort(([, a], [, b]) => a.at - b.at);
    let total = oldestFirst.reduce((sum, [, entry]) => sum + entry.chars, 0);
    for (const [other, entry] of oldestFirst) {
      if (total + raw.length <= MAX_TOTAL_CHARS) break;
      store.removeItem(PREFIX + other);
      delete index[other];
      total -= entry.chars;
    }
    store.setItem(PREFIX + key, raw);
    index[key] = { chars: raw.length, at: Date.now() };
  } catch {
    store.removeItem(PREFIX + key);
  }
  try {
    store.setItem(INDEX, JSON.stringify(index));
  } catch {
    // a storage full of the app's own stores: the sets stay listed as they were, a cache miss at worst
  }
}

export function removeStoredLogs(key: string): void {
  const store = storage();
  if (!store) return;
  store.removeItem(PREFIX + key);
  const index = readIndex(store);
  if (key in index) {
    delete index[key];
    store.setItem(INDEX, JSON.stringify(index));
  }
}

/** Removes every kept set: they are a cache, and a full storage needs the room for labels and reveal records. */
export function removeAllStoredLogs(): void {
  const store = storage();
  if (!store) return;
  for (let i = store.length - 1; i >= 0; i--) {
    const name = store.key(i);
    if (name?.startsWith(PREFIX) || name === INDEX) store.removeItem(name);
  }
}

import type { PersistStorage, StorageValue } from "zustand/middleware";
import { isSaved, markSaved, writeLocal } from "./localWrites.ts";

/**
 * The persist options of a store that several tabs write (`tabSharedStorage`, and `followOtherTabs` to follow them):
 * spread them into `persist`'s options.
 */
export function tabSharedPersist<S>(name: string, mergeStored: (stored: S, next: S) => S): { name: string; storage: PersistStorage<S>; merge: (persisted: unknown, current: S) => S } {
  return { name, storage: tabSharedStorage(mergeStored), merge: followMerge(name, mergeStored) };
}

/**
 * How a tab takes in what is stored (at load, and when another tab wrote): the stored copy replaces its own, except
 * while its latest write is refused (storage full). Then its unsaved entries exist only in memory, and stay, merged
 * with the stored ones as a write would merge them.
 */
export function followMerge<S>(name: string, mergeStored: (stored: S, next: S) => S): (persisted: unknown, current: S) => S {
  return (persisted, current) => {
    if (persisted === undefined || persisted === null) return current;
    return isSaved(name) ? { ...current, ...(persisted as S) } : { ...current, ...mergeStored(persisted as S, current) };
  };
}

/**
 * localStorage for a persisted zustand store that several tabs of the app write. A plain persist
 * writes the tab's whole copy, so the last tab to save would erase what another tab saved since it
 * loaded (labels, reveal records). Here each write merges with what is stored now, entry by entry, and a full
 * storage is handled by `writeLocal`.
 */
export function tabSharedStorage<S>(mergeStored: (stored: S, next: S) => S): PersistStorage<S> {
  const storage: PersistStorage<S> = {
    getItem: (name) => readStored<S>(name),
    setItem: (name, value) => {
      const raw = localStorage.getItem(name);
      const stored = raw === null ? null : parseStored<S>(raw);
      const state = stored && stored.version === value.version ? mergeStored(stored.state, value.state) : value.state;
      const next = JSON.stringify({ state, version: value.version });
      // Unchanged bytes fire no storage event, so two tabs following each other settle. A refused write is retried
      // through this merge, so what another tab saved meanwhile is kept.
      if (next !== raw) writeLocal(name, next, () => storage.setItem(name, value));
      else markSaved(name); // what a refused write held is stored already (another tab wrote it, or a retry merged to it)
    },
    removeItem: (name) => localStorage.removeItem(name),
  };
  return storage;
}

/**
 * Deletes `keys` from the map `field` of the stored state `name`. A write merges entry by entry, so it can never
 * delete: removing an entry is this, then the same removal from the store in memory.
 */
export function removeStoredEntries(name: string, field: string, keys: readonly string[]): void {
  const stored = readStored<Record<string, Record<string, unknown> | undefined>>(name);
  const entries = stored?.state[field];
  if (!stored || !entries) return;
  for (const key of keys) delete entries[key];
  // Smaller than what is stored: the browser does not refuse it.
  localStorage.setItem(name, JSON.stringify(stored));
}

/** Merges two maps key by key; `pick` chooses between two entries under one key. Keys come out sorted (stable bytes). */
export function mergeEntries<T>(stored: Record<string, T>, next: Record<string, T>, pick: (stored: T, next: T) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of [...new Set([...Object.keys(stored), ...Object.keys(next)])].sort()) {
    const a = stored[key];
    const b = next[key];
    out[key] = a === undefined ? b! : b === undefined ? a : pick(a, b);
  }
  return out;
}

type Rehydratable = { persist: { rehydrate: () => Promise<void> | void; getOptions: () => { name?: string } } };

/** Reloads the store whenever another tab writes its key, so this tab never edits a stale copy. */
export function followOtherTabs(store: Rehydratable): void {
  if (typeof window === "undefined") return;
  window.addEventListener("storage", (event) => {
    if (event.storageArea === localStorage && event.key === store.persist.getOptions().name) void store.persist.rehydrate();
  });
}

function readStored<S>(name: string): StorageValue<S> | null {
  const raw = localStorage.getItem(name);
  return raw === null ? null : parseStored<S>(raw);
}

function parseStored<S>(raw: string): StorageValue<S> | null {
  try {
    return JSON.parse(raw) as StorageValue<S>;
  } catch {
    return null;
  }
}

import { create } from "zustand";
import type { StateStorage } from "zustand/middleware";
import { removeAllStoredLogs } from "./keptLogStore.ts";

/**
 * Writes to localStorage that a full storage does not break. The browser refuses a write past its quota (about 5M
 * characters per origin) by throwing; thrown from a persisted store's action, that left the change in memory only,
 * with nothing on screen, and a commit whose reveal record was never saved. Here the kept chain logs (a cache) make
 * room first; a write still refused is listed in `useUnsavedWrites` (the layout's alert says so) and never thrown.
 */

/** Stores whose latest write the browser refused: name → when it first failed, and how to write it again. */
export const useUnsavedWrites = create<{ unsaved: Record<string, { since: number; retry: () => void }> }>(() => ({ unsaved: {} }));

/** A browser's "storage full" error (QuotaExceededError; Firefox's NS_ERROR_DOM_QUOTA_REACHED). */
export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof DOMException)) return false;
  return error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || error.code === 22 || error.code === 1014;
}

/**
 * Stores `value` under `name`. When the storage is full, drops the kept chain logs and tries once more; when it is
 * still full, records the refusal with `retry` (default: this same write) and returns false.
 */
export function writeLocal(name: string, value: string, retry: () => void = () => void writeLocal(name, value)): boolean {
  try {
    localStorage.setItem(name, value);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    removeAllStoredLogs();
    try {
      localStorage.setItem(name, value);
    } catch (again) {
      if (!isQuotaError(again)) throw again;
      useUnsavedWrites.setState((s) => ({ unsaved: { ...s.unsaved, [name]: { since: s.unsaved[name]?.since ?? Date.now(), retry } } }));
      return false;
    }
  }
  markSaved(name);
  return true;
}

/** Records that what the store `name` holds is in localStorage (written, or already there byte for byte). */
export function markSaved(name: string): void {
  if (!(name in useUnsavedWrites.getState().unsaved)) return;
  useUnsavedWrites.setState((s) => {
    const { [name]: _saved, ...rest } = s.unsaved;
    return { unsaved: rest };
  });
}

/** Whether the latest write of the store `name` reached localStorage. */
export const isSaved = (name: string): boolean => !(name in useUnsavedWrites.getState().unsaved);

/** Writes every refused store again (after the user made room). */
export function retryUnsavedWrites(): void {
  for (const { retry } of Object.values(useUnsavedWrites.getState().unsaved)) retry();
}

const guarded: StateStorage = {
  getItem: (name) => localStorage.getItem(name),
  setItem: (name, value) => void writeLocal(name, value),
  removeItem: (name) => localStorage.removeItem(name),
};

/** localStorage writing through `writeLocal`, for zustand's `createJSONStorage` (which persists nothing where it throws: Node). */
export function guardedLocalStorage(): StateStorage {
  if (typeof localStorage === "undefined") throw new Error("no localStorage here");
  return guarded;
}

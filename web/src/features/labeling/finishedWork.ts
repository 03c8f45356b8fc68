import { removeStoredEntries } from "../../lib/tabSharedStorage.ts";
import { LABELING_STORE, useLabelingStore } from "./useLabelingStore.ts";
import { REVEAL_STORE, useRevealStore } from "./useRevealStore.ts";

/** Keys (task, batch, annotator) of the batches whose reveal is confirmed on chain. */
export function revealedWorkKeys(): string[] {
  return Object.entries(useRevealStore.getState().records)
    .filter(([, record]) => record.status === "revealed")
    .map(([key]) => key);
}

/**
 * Frees the browser storage held by revealed batches: their reveal records and labeling sessions. Their labels are on
 * chain (and in a downloaded backup); nothing a commit or reveal still needs is removed. Returns how many batches.
 */
export function removeRevealedWork(): number {
  const keys = revealedWorkKeys();
  if (keys.length === 0) return 0;
  // A session's key is a reveal record's key (deployment|task|batch|annotator).
  removeStoredEntries(REVEAL_STORE, "records", keys);
  removeStoredEntries(LABELING_STORE, "sessions", keys);
  const removed = new Set(keys);
  const without = <T,>(entries: Record<string, T>) => Object.fromEntries(Object.entries(entries).filter(([key]) => !removed.has(key)));
  useRevealStore.setState((s) => ({ records: without(s.records) }));
  useLabelingStore.setState((s) => ({ sessions: without(s.sessions) }));
  return keys.length;
}

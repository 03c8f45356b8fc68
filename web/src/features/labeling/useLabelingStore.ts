import { create } from "zustand";
import { persist } from "zustand/middleware";
import { followOtherTabs, mergeEntries, tabSharedPersist } from "../../lib/tabSharedStorage.ts";

/** One annotator's work on one batch: a label (or null) per item, a cursor and an undo history. */
export type LabelingSession = {
  labels: (number | null)[];
  cursor: number;
  /** Items passed over with "skip": shown as such, revisited at the end. */
  skipped: number[];
  history: { index: number; previous: number | null; cursor: number }[];
  updatedAt: number;
};

type LabelingState = {
  sessions: Record<string, LabelingSession>;
  /** Creates the session if needed (an existing one is kept: reloads resume). */
  open: (key: string, itemCount: number) => void;
  /** Labels the current item; with `advance`, moves to the next unlabeled item. */
  label: (key: string, value: number, advance: boolean) => void;
  undo: (key: string) => void;
  skip: (key: string) => void;
  goTo: (key: string, index: number) => void;
  move: (key: string, delta: number) => void;
};

const HISTORY_LIMIT = 200;
/** The store's localStorage key. */
export const LABELING_STORE = "crowdlabel.labeling";
/**
 * Undo steps a session keeps across reloads. Most of a stored session was its history (about 40 characters a step
 * against 2 a label), and localStorage is small: every batch an annotator ever labeled stays in it.
 */
export const STORED_HISTORY_LIMIT = 20;

/** The sessions as stored: the undo history cut to its last STORED_HISTORY_LIMIT steps (this tab keeps all). */
export function storedSessions(sessions: Record<string, LabelingSession>): Record<string, LabelingSession> {
  const out: Record<string, LabelingSession> = {};
  for (const [key, session] of Object.entries(sessions))
    out[key] = session.history.length > STORED_HISTORY_LIMIT ? { ...session, history: session.history.slice(-STORED_HISTORY_LIMIT) } : session;
  return out;
}

export function sessionKey(parts: { deploymentId: string; taskId: bigint | string; batchId: number; annotator: string }): string {
  return `${parts.deploymentId}|${parts.taskId.toString()}|${parts.batchId}|${parts.annotator.toLowerCase()}`;
}

/** A new session counts as never edited (`updatedAt` 0), so any tab's edits of the same batch win over it. */
export function emptySession(itemCount: number): LabelingSession {
  return { labels: new Array<number | null>(itemCount).fill(null), cursor: 0, skipped: [], history: [], updatedAt: 0 };
}

/** Next item without a label after `from` (wrapping), or `from` itself when all are labeled. */
export function nextUnlabeled(labels: readonly (number | null)[], from: number): number {
  const n = labels.length;
  for (let step = 1; step <= n; step++) {
    const i = (from + step) % n;
    if (labels[i] === null) return i;
  }
  return from;
}

export function isComplete(session: LabelingSession | undefined): boolean {
  return !!session && session.labels.length > 0 && session.labels.every((l) => l !== null);
}

export function labeledCount(session: LabelingSession | undefined): number {
  return session ? session.labels.filter((l) => l !== null).length : 0;
}

function update(state: LabelingState, key: string, fn: (s: LabelingSession) => LabelingSession): Partial<LabelingState> {
  const current = state.sessions[key];
  if (!current) return {};
  return { sessions: { ...state.sessions, [key]: { ...fn(current), updatedAt: Date.now() } } };
}

export const useLabelingStore = create<LabelingState>()(
  persist(
    (set) => ({
      sessions: {},
      open: (key, itemCount) =>
        set((state) => {
          const existing = state.sessions[key];
          if (existing && existing.labels.length === itemCount) return {};
          return { sessions: { ...state.sessions, [key]: emptySession(itemCount) } };
        }),
      label: (key, value, advance) =>
        set((state) =>
          update(state, key, (s) => {
            const labels = s.labels.slice();
            const previous = labels[s.cursor] ?? null;
            labels[s.cursor] = value;
            const history = [...s.history, { index: s.cursor, previous, cursor: s.cursor }].slice(-HISTORY_LIMIT);
            const skipped = s.skipped.filter((i) => i !== s.cursor);
            const cursor = advance ? nextUnlabeled(labels, s.cursor) : s.cursor;
            return { ...s, labels, history, skipped, cursor };
          }),
        ),
      undo: (key) =>
        set((state) =>
          update(state, key, (s) => {
            const last = s.history[s.history.length - 1];
            if (!last) return s;
            const labels = s.labels.slice();
            labels[last.index] = last.previous;
            return { ...s, labels, history: s.history.slice(0, -1), cursor: last.index };
          }),
        ),
      skip: (key) =>
        set((state) =>
          update(state, key, (s) => {
            const skipped = s.labels[s.cursor] === null && !s.skipped.includes(s.cursor) ? [...s.skipped, s.cursor] : s.skipped;
            // Prefer items neither labeled nor skipped; then come back to the skipped ones.
            const n = s.labels.length;
            let cursor = s.cursor;
            for (let step = 1; step <= n; step++) {
              const i = (s.cursor + step) % n;
              if (s.labels[i] === null && !skipped.includes(i)) {
                cursor = i;
                break;
              }
            }
            if (cursor === s.cursor) cursor = nextUnlabeled(s.labels, s.cursor);
            return { ...s, skipped, cursor };
          }),
        ),
      goTo: (key, index) => set((state) => update(state, key, (s) => ({ ...s, cursor: Math.max(0, Math.min(s.labels.length - 1, index)) }))),
      move: (key, delta) =>
        set((state) => update(state, key, (s) => ({ ...s, cursor: Math.max(0, Math.min(s.labels.length - 1, s.cursor + delta)) }))),
    }),
    {
      ...tabSharedPersist<LabelingState>(LABELING_STORE, (stored, next) => ({ ...next, sessions: mergeEntries(stored.sessions ?? {}, next.sessions, newerSession) })),
      version: 1,
      partialize: (state) => ({ ...state, sessions: storedSessions(state.sessions) }),
    },
  ),
);
followOtherTabs(useLabelingStore);

/** Between two tabs' copies of one session: the later edit (a session only just opened has none). */
export function newerSession(stored: LabelingSession, next: LabelingSession): LabelingSession {
  if (stored.labels.length !== next.labels.length) return next;
  return next.updatedAt >= stored.updatedAt ? next : stored;
}

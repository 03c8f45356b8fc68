import { create } from "zustand";
import { persist } from "zustand/middleware";
import { followOtherTabs, tabSharedPersist } from "../../lib/tabSharedStorage.ts";
import type { Hex } from "viem";
import type { DecodedTxError } from "./decodeTxError.ts";

export type TxStatus = "pending" | "confirmed" | "failed";

export type TrackedTx = {
  id: string;
  hash?: Hex;
  chainId: number;
  account: string;
  title: string;
  status: TxStatus;
  error?: DecodedTxError;
  createdAt: number;
  updatedAt: number;
  /** Hidden from the toast stack (still listed in the activity log). */
  dismissed: boolean;
};

type TxState = {
  txs: TrackedTx[];
  /** When the log was last cleared (in any tab): older entries stay out of it. */
  clearedAt: number;
  add: (tx: Omit<TrackedTx, "id" | "createdAt" | "updatedAt" | "dismissed">) => string;
  update: (id: string, patch: Partial<Omit<TrackedTx, "id">>) => void;
  dismiss: (id: string) => void;
  clear: () => void;
};

const MAX_KEPT = 100;
const TX_STORE = "crowdlabel.transactions";

/**
 * Two tabs' logs made one: every entry of either (by id, the later update; dismissed in either stays dismissed), none
 * from before a clear, newest first, at most `MAX_KEPT`. A tab writing its own copy erased another tab's pending entry,
 * which then was never watched again after a reload.
 */
export function mergeTxLogs(stored: Partial<TxState>, next: TxState): TxState {
  const clearedAt = Math.max(stored.clearedAt ?? 0, next.clearedAt ?? 0);
  const byId = new Map<string, TrackedTx>();
  for (const tx of [...(stored.txs ?? []), ...next.txs]) {
    const seen = byId.get(tx.id);
    const later = !seen || tx.updatedAt >= seen.updatedAt ? tx : seen;
    byId.set(tx.id, seen ? { ...later, dismissed: seen.dismissed || tx.dismissed } : tx);
  }
  const txs = [...byId.values()].filter((t) => t.createdAt > clearedAt).sort((a, b) => b.createdAt - a.createdAt);
  return { ...next, clearedAt, txs: txs.slice(0, MAX_KEPT) };
}

export const useTxStore = create<TxState>()(
  persist(
    (set) => ({
      txs: [],
      clearedAt: 0,
      add: (tx) => {
        const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
        const now = Date.now();
        set((s) => ({ txs: [{ ...tx, id, createdAt: now, updatedAt: now, dismissed: false }, ...s.txs].slice(0, MAX_KEPT) }));
        return id;
      },
      update: (id, patch) => set((s) => ({ txs: s.txs.map((t) => (t.id === id ? { ...t, ...patch, updatedAt: Date.now() } : t)) })),
      dismiss: (id) => set((s) => ({ txs: s.txs.map((t) => (t.id === id ? { ...t, dismissed: true } : t)) })),
      clear: () => set({ txs: [], clearedAt: Date.now() }),
    }),
    { version: 1, ...tabSharedPersist<TxState>(TX_STORE, mergeTxLogs) },
  ),
);
followOtherTabs(useTxStore);

/** Pending and failed transactions, and ones confirmed in the last few seconds (not stale ones after a reload). */
export const selectToasts = (s: TxState) =>
  s.txs.filter((t) => !t.dismissed && (t.status !== "confirmed" || Date.now() - t.updatedAt < 8_000)).slice(0, 4);
export const selectPendingCount = (s: TxState) => s.txs.filter((t) => t.status === "pending").length;

import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { guardedLocalStorage } from "../../lib/localWrites.ts";
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
  add: (tx: Omit<TrackedTx, "id" | "createdAt" | "updatedAt" | "dismissed">) => string;
  update: (id: string, patch: Partial<Omit<TrackedTx, "id">>) => void;
  dismiss: (id: string) => void;
  clear: () => void;
};

const MAX_KEPT = 100;

export const useTxStore = create<TxState>()(
  persist(
    (set) => ({
      txs: [],
      add: (tx) => {
        const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
        const now = Date.now();
        set((s) => ({ txs: [{ ...tx, id, createdAt: now, updatedAt: now, dismissed: false }, ...s.txs].slice(0, MAX_KEPT) }));
        return id;
      },
      update: (id, patch) => set((s) => ({ txs: s.txs.map((t) => (t.id === id ? { ...t, ...patch, updatedAt: Date.now() } : t)) })),
      dismiss: (id) => set((s) => ({ txs: s.txs.map((t) => (t.id === id ? { ...t, dismissed: true } : t)) })),
      clear: () => set({ txs: [] }),
    }),
    { name: "crowdlabel.transactions", version: 1, storage: createJSONStorage(guardedLocalStorage) },
  ),
);

/** Pending and failed transactions, and ones confirmed in the last few seconds (not stale ones after a reload). */
export const selectToasts = (s: TxState) =>
  s.txs.filter((t) => !t.dismissed && (t.status !== "confirmed" || Date.now() - t.updatedAt < 8_000)).slice(0, 4);
export const selectPendingCount = (s: TxState) => s.txs.filter((t) => t.status === "pending").length;

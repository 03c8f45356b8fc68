import { create } from "zustand";
import { persist } from "zustand/middleware";
import type { Hex } from "viem";

/**
 * What a reveal needs, saved before the commit is sent: the packed labels and the salt.
 * The salt can also be re-derived from a wallet signature on any device; the labels cannot,
 * hence the backup export in the profile.
 */
export type RevealRecord = {
  deploymentId: string;
  chainId: number;
  contract: Hex;
  taskId: string;
  batchId: number;
  /** The slot index held in the batch (commit and reveal name it). */
  slot: number;
  annotator: Hex;
  labels: Hex;
  salt: Hex;
  commitment: Hex;
  status: "prepared" | "committed" | "revealed";
  commitTx?: Hex;
  revealTx?: Hex;
  savedAt: number;
};

type RevealState = {
  records: Record<string, RevealRecord>;
  save: (record: Omit<RevealRecord, "savedAt">) => void;
  mark: (key: string, patch: Partial<Pick<RevealRecord, "status" | "commitTx" | "revealTx">>) => void;
  importRecords: (records: RevealRecord[]) => number;
};

export function revealKey(r: { deploymentId: string; taskId: string; batchId: number; annotator: string }): string {
  return `${r.deploymentId}|${r.taskId}|${r.batchId}|${r.annotator.toLowerCase()}`;
}

export const useRevealStore = create<RevealState>()(
  persist(
    (set, get) => ({
      records: {},
      save: (record) => set((s) => ({ records: { ...s.records, [revealKey(record)]: { ...record, savedAt: Date.now() } } })),
      mark: (key, patch) =>
        set((s) => {
          const r = s.records[key];
          return r ? { records: { ...s.records, [key]: { ...r, ...patch } } } : {};
        }),
      importRecords: (records) => {
        const current = get().records;
        const next = { ...current };
        let added = 0;
        for (const r of records) {
          const key = revealKey(r);
          if (!next[key] || next[key]!.status === "prepared") {
            next[key] = r;
            added++;
          }
        }
        set({ records: next });
        return added;
      },
    }),
    { name: "crowdlabel.reveals", version: 1 },
  ),
);

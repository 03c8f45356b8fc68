import { create } from "zustand";
import { persist } from "zustand/middleware";
import type { Hex } from "viem";
import { followOtherTabs, mergeEntries, tabSharedPersist } from "../../lib/tabSharedStorage.ts";

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
  /** The block of this browser's reveal receipt: the record counts as revealed once that block is final (see usePendingReveals). */
  revealBlock?: number;
  savedAt: number;
  /**
   * Labels prepared for this slot before the current ones, whose commit may still be the one that
   * lands (a commit sent, then the page reloaded and the batch committed again with other labels).
   * The reveal uses whichever version hashes to the commitment on chain.
   */
  earlier?: RevealVersion[];
};

/**
 * One version of a batch's labels and the commitment they hash to (with the record's salt), and the slot it was made
 * for when that is not the record's (absent in versions saved before slots were kept here).
 */
export type RevealVersion = { labels: Hex; commitment: Hex; slot?: number };

const MAX_EARLIER = 8;
/** The store's localStorage key. */
export const REVEAL_STORE = "crowdlabel.reveals";
const STATUS_RANK: Record<RevealRecord["status"], number> = { prepared: 0, committed: 1, revealed: 2 };

type RevealState = {
  records: Record<string, RevealRecord>;
  save: (record: Omit<RevealRecord, "savedAt">) => void;
  mark: (key: string, patch: Partial<Pick<RevealRecord, "status" | "commitTx" | "revealTx" | "revealBlock">>) => void;
  /** Merges records (checked by `parseRevealBackup`) in; returns how many were new or changed a record here. */
  importRecords: (records: RevealRecord[]) => number;
};

export function revealKey(r: { deploymentId: string; taskId: string; batchId: number; annotator: string }): string {
  return `${r.deploymentId}|${r.taskId}|${r.batchId}|${r.annotator.toLowerCase()}`;
}

/** The record as it would be revealed against `slotHash` (the commitment on chain), or undefined when no saved version matches. */
export function revealFor(record: RevealRecord, slotHash: Hex): RevealRecord | undefined {
  const wanted = slotHash.toLowerCase();
  if (record.commitment.toLowerCase() === wanted) return record;
  const version = record.earlier?.find((v) => v.commitment.toLowerCase() === wanted);
  return version ? { ...record, ...version } : undefined;
}

/**
 * Two records of one batch made one. For the same slot the further along (revealed, committed, prepared), then the
 * later saved, keeps the lead; for another slot (a new claim after the old one expired, or a restarted local chain at
 * the same address) the later saved does. Every other version of the labels is kept in `earlier`, with its slot.
 */
export function combineRecords(a: RevealRecord, b: RevealRecord): RevealRecord {
  const bLeads = a.slot !== b.slot ? b.savedAt >= a.savedAt : STATUS_RANK[b.status] > STATUS_RANK[a.status] || (STATUS_RANK[b.status] === STATUS_RANK[a.status] && b.savedAt >= a.savedAt);
  const [lead, other] = bLeads ? [b, a] : [a, b];
  const otherVersion: RevealVersion = other.slot === lead.slot ? { labels: other.labels, commitment: other.commitment } : { labels: other.labels, commitment: other.commitment, slot: other.slot };
  const versions = [otherVersion, ...(lead.earlier ?? []), ...(other.earlier ?? []).map((v) => (v.slot === undefined && other.slot !== lead.slot ? { ...v, slot: other.slot } : v))];
  const earlier: RevealVersion[] = [];
  for (const v of versions) {
    const seen = v.commitment.toLowerCase() === lead.commitment.toLowerCase() || earlier.some((e) => e.commitment.toLowerCase() === v.commitment.toLowerCase());
    if (!seen) earlier.push(v);
  }
  const { earlier: _dropped, ...rest } = lead;
  return earlier.length ? { ...rest, earlier: earlier.slice(0, MAX_EARLIER) } : rest;
}

export const useRevealStore = create<RevealState>()(
  persist(
    (set, get) => ({
      records: {},
      save: (record) =>
        set((s) => {
          const key = revealKey(record);
          const saved: RevealRecord = { ...record, savedAt: Date.now() };
          const existing = s.records[key];
          return { records: { ...s.records, [key]: existing ? combineRecords(existing, saved) : saved } };
        }),
      mark: (key, patch) =>
        set((s) => {
          const r = s.records[key];
          return r ? { records: { ...s.records, [key]: { ...r, ...patch } } } : {};
        }),
      importRecords: (records) => {
        const current = get().records;
        const next = { ...current };
        let changed = 0;
        for (const r of records) {
          const key = revealKey(r);
          const existing = next[key];
          next[key] = existing ? combineRecords(existing, r) : r;
          if (!existing || JSON.stringify(next[key]) !== JSON.stringify(existing)) changed++;
        }
        set({ records: next });
        return changed;
      },
    }),
    {
      ...tabSharedPersist<RevealState>(REVEAL_STORE, (stored, next) => ({ ...next, records: mergeEntries(stored.records ?? {}, next.records, combineRecords) })),
      version: 1,
    },
  ),
);
followOtherTabs(useRevealStore);

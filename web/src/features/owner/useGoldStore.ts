import { create } from "zustand";
import { persist } from "zustand/middleware";
import { followOtherTabs, mergeEntries, tabSharedPersist } from "../../lib/tabSharedStorage.ts";
import type { GoldFile } from "@crowdlabel/sdk";

/**
 * Gold answers kept in this browser (the owner also downloads the file), by their commitment: it is what the task
 * holds on chain, and each file has its own salt. By manifest CID, a second task of the same manifest (another reward,
 * another deployment) replaced the first one's answers, which then could never be revealed.
 */
type GoldState = {
  files: Record<string, GoldFile>;
  save: (file: GoldFile) => void;
  linkTask: (commitment: string, taskId: string) => void;
  /** The file whose commitment is the task's, unless it is already linked to another task. */
  forTask: (taskId: string, commitment: string) => GoldFile | undefined;
};

const GOLD_STORE = "crowdlabel.gold";
const goldKey = (commitment: string) => commitment.toLowerCase();

export const useGoldStore = create<GoldState>()(
  persist(
    (set, get) => ({
      files: {},
      save: (file) => set((s) => ({ files: { ...s.files, [goldKey(file.commitment)]: file } })),
      linkTask: (commitment, taskId) =>
        set((s) => {
          const file = Object.values(s.files).find((f) => goldKey(f.commitment) === goldKey(commitment));
          return file ? { files: { ...s.files, [goldKey(commitment)]: { ...file, taskId } } } : {};
        }),
      forTask: (taskId, commitment) =>
        // Files saved before were keyed by manifest CID: look through the values.
        Object.values(get().files).find((f) => goldKey(f.commitment) === goldKey(commitment) && (f.taskId === undefined || f.taskId === taskId)),
    }),
    // Tabs share the store: a tab writing its own copy erased the answers another tab had saved since it loaded.
    { version: 1, ...tabSharedPersist<GoldState>(GOLD_STORE, (stored, next) => ({ ...next, files: mergeEntries(stored.files ?? {}, next.files, linkedFile) })) },
  ),
);
followOtherTabs(useGoldStore);

/** Two tabs' copies of one gold file: the one linked to its task, else this tab's. */
function linkedFile(stored: GoldFile, next: GoldFile): GoldFile {
  return next.taskId === undefined && stored.taskId !== undefined ? stored : next;
}

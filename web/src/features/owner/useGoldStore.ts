import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { guardedLocalStorage } from "../../lib/localWrites.ts";
import type { GoldFile } from "@crowdlabel/sdk";

/** Gold answers kept in this browser (the owner also downloads the file), by manifest CID and task id. */
type GoldState = {
  files: Record<string, GoldFile>;
  save: (file: GoldFile) => void;
  linkTask: (manifestCid: string, taskId: string) => void;
  forTask: (taskId: string, manifestCid: string) => GoldFile | undefined;
};

export const useGoldStore = create<GoldState>()(
  persist(
    (set, get) => ({
      files: {},
      save: (file) => set((s) => ({ files: { ...s.files, [file.manifestCid]: file } })),
      linkTask: (manifestCid, taskId) =>
        set((s) => {
          const file = s.files[manifestCid];
          return file ? { files: { ...s.files, [manifestCid]: { ...file, taskId } } } : {};
        }),
      forTask: (taskId, manifestCid) => {
        const file = get().files[manifestCid];
        return file && (file.taskId === undefined || file.taskId === taskId) ? file : undefined;
      },
    }),
    { name: "crowdlabel.gold", version: 1, storage: createJSONStorage(guardedLocalStorage) },
  ),
);

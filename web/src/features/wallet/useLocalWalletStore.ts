import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { guardedLocalStorage } from "../../lib/localWrites.ts";

type LocalWalletState = {
  /** Which anvil account the local test wallet signs with. */
  accountIndex: number;
  /** Remembered so a reload reconnects without a prompt. */
  connected: boolean;
  setAccountIndex: (index: number) => void;
  setConnected: (connected: boolean) => void;
};

export const useLocalWalletStore = create<LocalWalletState>()(
  persist(
    (set) => ({
      accountIndex: 1,
      connected: false,
      setAccountIndex: (accountIndex) => set({ accountIndex }),
      setConnected: (connected) => set({ connected }),
    }),
    { name: "crowdlabel.local-wallet", version: 1, storage: createJSONStorage(guardedLocalStorage) },
  ),
);

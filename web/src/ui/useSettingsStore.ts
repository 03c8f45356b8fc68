import { create } from "zustand";
import { persist } from "zustand/middleware";

export type Theme = "system" | "light" | "dark";

type SettingsState = {
  theme: Theme;
  /** Move to the next item after labeling one. */
  autoAdvance: boolean;
  /** Images fetched ahead of the current one. */
  prefetch: number;
  setTheme: (theme: Theme) => void;
  setAutoAdvance: (on: boolean) => void;
};

export const useSettingsStore = create<SettingsState>()(
  persist(
    (set) => ({
      theme: "system",
      autoAdvance: true,
      prefetch: 4,
      setTheme: (theme) => {
        if (theme === "system") delete document.documentElement.dataset.theme;
        else document.documentElement.dataset.theme = theme;
        set({ theme });
      },
      setAutoAdvance: (autoAdvance) => set({ autoAdvance }),
    }),
    { name: "crowdlabel.settings", version: 1 },
  ),
);

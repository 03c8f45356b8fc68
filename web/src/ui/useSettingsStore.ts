import { create } from "zustand";
import { createJSONStorage, persist } from "zustand/middleware";
import { guardedLocalStorage } from "../lib/localWrites.ts";

export type Theme = "system" | "light" | "dark";

const systemDark = () => window.matchMedia("(prefers-color-scheme: dark)").matches;

/** The page always carries data-theme="light" | "dark"; "system" follows the OS setting live. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme === "system" ? (systemDark() ? "dark" : "light") : theme;
}

if (typeof window !== "undefined" && window.matchMedia) {
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (useSettingsStore.getState().theme === "system") applyTheme("system");
  });
}

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
        applyTheme(theme);
        set({ theme });
      },
      setAutoAdvance: (autoAdvance) => set({ autoAdvance }),
    }),
    { name: "crowdlabel.settings", version: 1, storage: createJSONStorage(guardedLocalStorage) },
  ),
);

import { create } from "zustand";

export type Shortcut = { keys: string[]; label: string };

type ShortcutState = {
  open: boolean;
  /** Shortcuts of the page on screen (the labeling workspace registers its own). */
  page: { title: string; shortcuts: Shortcut[] } | null;
  setOpen: (open: boolean) => void;
  setPage: (page: ShortcutState["page"]) => void;
};

export const useShortcutStore = create<ShortcutState>()((set) => ({
  open: false,
  page: null,
  setOpen: (open) => set({ open }),
  setPage: (page) => set({ page }),
}));

/** Typing in a field must never trigger a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
}

/** Enter and Space activate a focused button or link; a page's hotkeys must leave those keys to it. */
export function isActivatableTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== "function") return false;
  return el.closest("a[href], button, summary, [role='button'], [role='link']") !== null;
}

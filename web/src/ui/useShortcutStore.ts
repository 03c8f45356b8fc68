import { create } from "zustand";

export type Shortcut = { keys: string[]; label: string };

type ShortcutState = {
  open: boolean;
  /**
   * Shortcuts of the page on screen. `ownsLetterKeys`: the page takes every letter (the labeling workspace's class
   * hotkeys), so `g` + letter navigation is off there; other pages keep it and avoid g, t, p, o and l.
   */
  page: { title: string; shortcuts: Shortcut[]; ownsLetterKeys?: boolean } | null;
  setOpen: (open: boolean) => void;
  setPage: (page: ShortcutState["page"]) => void;
};

export const useShortcutStore = create<ShortcutState>()((set) => ({
  open: false,
  page: null,
  setOpen: (open) => set({ open }),
  setPage: (page) => set({ page }),
}));

/** Inputs that take no typing: a focused one keeps the page's hotkeys working (Enter and Space aside). */
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "image", "file", "color"]);

/** Typing in a field must never trigger a shortcut. A focused checkbox is not typing: the hotkeys keep working. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((el as HTMLInputElement).type);
  return tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
}

/** Enter and Space activate a focused button, link or checkbox; a page's hotkeys must leave those keys to it. */
export function isActivatableTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== "function") return false;
  return el.closest("a[href], button, summary, input, [role='button'], [role='link'], [role='checkbox'], [role='tab']") !== null;
}

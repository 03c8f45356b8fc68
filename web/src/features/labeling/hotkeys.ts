import type { ManifestClass } from "@crowdlabel/sdk";

/** Key for "cannot label": `x` unless a class uses it, then `.`. */
export function cannotLabelKey(classes: readonly Pick<ManifestClass, "hotkey">[]): string {
  return classes.some((c) => c.hotkey === "x") ? "." : "x";
}

export type WorkspaceAction =
  | { type: "label"; value: number }
  | { type: "undo" }
  | { type: "skip" }
  | { type: "move"; delta: number }
  | { type: "zoom"; factor: number }
  | { type: "zoom-reset" }
  | { type: "instructions" }
  | { type: "toggle-auto-advance" }
  | { type: "commit" };

/**
 * Maps a key press to a workspace action. Class hotkeys are lowercase letters and digits (the manifest
 * schema enforces it), so control keys use symbols, arrows and Shift+letter and never collide.
 */
export function actionForKey(
  event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">,
  classes: readonly Pick<ManifestClass, "hotkey" | "id">[],
): WorkspaceAction | undefined {
  const { key } = event;
  if (event.altKey) return undefined;
  // Ctrl/⌘+Shift+Z is redo elsewhere: never an undo here.
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && key.toLowerCase() === "z") return { type: "undo" };
  if (event.ctrlKey || event.metaKey) return undefined;
  if (key === "Backspace") return { type: "undo" };
  if (key === " " || key === "Spacebar") return { type: "skip" };
  if (key === "ArrowRight") return { type: "move", delta: 1 };
  if (key === "ArrowLeft") return { type: "move", delta: -1 };
  if (key === "+" || key === "=") return { type: "zoom", factor: 1.25 };
  if (key === "-" || key === "_") return { type: "zoom", factor: 0.8 };
  if (key === "Enter") return { type: "commit" };
  // Letters are compared in lowercase: with Caps Lock on, "a" arrives as "A" and Shift+A as "a".
  const letter = key.length === 1 ? key.toLowerCase() : key;
  if (event.shiftKey) {
    if (letter === "r") return { type: "zoom-reset" };
    if (letter === "i") return { type: "instructions" };
    if (letter === "a") return { type: "toggle-auto-advance" };
  }
  const cls = classes.find((c) => c.hotkey === letter);
  if (cls) return { type: "label", value: cls.id };
  if (letter === cannotLabelKey(classes)) return { type: "label", value: classes.length };
  return undefined;
}

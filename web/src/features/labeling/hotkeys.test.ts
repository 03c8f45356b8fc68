import { describe, expect, it } from "vitest";
import { actionForKey, cannotLabelKey } from "./hotkeys.ts";

const digits = Array.from({ length: 10 }, (_, id) => ({ id, hotkey: String(id) }));
const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("workspace hotkeys", () => {
  it("maps class hotkeys to labels and x to cannot-label", () => {
    expect(actionForKey(key("7"), digits)).toEqual({ type: "label", value: 7 });
    expect(actionForKey(key("0"), digits)).toEqual({ type: "label", value: 0 });
    expect(actionForKey(key("x"), digits)).toEqual({ type: "label", value: 10 });
  });

  it("uses . for cannot-label when a class owns x", () => {
    const classes = [
      { id: 0, hotkey: "x" },
      { id: 1, hotkey: "y" },
    ];
    expect(cannotLabelKey(classes)).toBe(".");
    expect(actionForKey(key("x"), classes)).toEqual({ type: "label", value: 0 });
    expect(actionForKey(key("."), classes)).toEqual({ type: "label", value: 2 });
  });

  it("maps control keys that never collide with class hotkeys", () => {
    expect(actionForKey(key("Backspace"), digits)).toEqual({ type: "undo" });
    expect(actionForKey(key("z", { ctrlKey: true }), digits)).toEqual({ type: "undo" });
    // Ctrl/⌘+Shift+Z is redo in most apps: it must not undo a label.
    expect(actionForKey(key("Z", { ctrlKey: true, shiftKey: true }), digits)).toBeUndefined();
    expect(actionForKey(key("z", { metaKey: true, shiftKey: true }), digits)).toBeUndefined();
    expect(actionForKey(key(" "), digits)).toEqual({ type: "skip" });
    expect(actionForKey(key("ArrowLeft"), digits)).toEqual({ type: "move", delta: -1 });
    expect(actionForKey(key("+"), digits)).toEqual({ type: "zoom", factor: 1.25 });
    expect(actionForKey(key("I", { shiftKey: true }), digits)).toEqual({ type: "instructions" });
    expect(actionForKey(key("Enter"), digits)).toEqual({ type: "commit" });
  });

  it("works with Caps Lock on: letters label in either case, commands need Shift", () => {
    const letters = [
      { id: 0, hotkey: "a" },
      { id: 1, hotkey: "r" },
    ];
    expect(actionForKey(key("A"), letters)).toEqual({ type: "label", value: 0 });
    expect(actionForKey(key("R"), letters)).toEqual({ type: "label", value: 1 });
    expect(actionForKey(key("X"), letters)).toEqual({ type: "label", value: 2 });
    expect(actionForKey(key("A", { shiftKey: true }), letters)).toEqual({ type: "toggle-auto-advance" });
    expect(actionForKey(key("a", { shiftKey: true }), letters)).toEqual({ type: "toggle-auto-advance" });
    expect(actionForKey(key("r", { shiftKey: true }), letters)).toEqual({ type: "zoom-reset" });
    expect(actionForKey(key("I"), digits)).toBeUndefined();
  });

  it("ignores modified keys and unknown keys", () => {
    expect(actionForKey(key("7", { ctrlKey: true }), digits)).toBeUndefined();
    expect(actionForKey(key("7", { altKey: true }), digits)).toBeUndefined();
    expect(actionForKey(key("q"), digits)).toBeUndefined();
  });
});

import { useEffect, useRef } from "react";
import { isTypingTarget, useShortcutStore, type Shortcut } from "../../ui/useShortcutStore.ts";

/** A task page action bound to a key; `run` undefined while the action is not offered. */
export type TaskPageKey = { key: string; label: string; run: (() => void) | undefined };

/**
 * The task page's single-letter shortcuts (listed in the `?` sheet): an annotator moves between claiming, labeling and
 * revealing without the mouse. Letters the `g` navigation uses (t, p, o, l) are left to it.
 */
export function useTaskPageKeys(keys: readonly TaskPageKey[]) {
  const setPage = useShortcutStore((s) => s.setPage);
  const current = useRef(keys);
  current.current = keys;
  const listed = keys.map((k) => `${k.key}:${k.label}`).join("|");

  useEffect(() => {
    const shortcuts: Shortcut[] = current.current.map((k) => ({ keys: [k.key], label: k.label }));
    setPage({ title: "Task page", shortcuts });
    return () => setPage(null);
  }, [listed, setPage]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || event.repeat || event.metaKey || event.ctrlKey || event.altKey) return;
      if (useShortcutStore.getState().open || document.querySelector("[role='dialog']")) return;
      const bound = current.current.find((k) => k.key === event.key);
      if (!bound?.run) return;
      event.preventDefault();
      bound.run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

import { useEffect } from "react";
import { useNavigate } from "react-router";
import { Dialog } from "./Dialog.tsx";
import { isTypingTarget, useShortcutStore, type Shortcut } from "./useShortcutStore.ts";

const global: Shortcut[] = [
  { keys: ["?"], label: "Show this sheet" },
  { keys: ["g", "t"], label: "Go to tasks" },
  { keys: ["g", "p"], label: "Go to your profile" },
  { keys: ["g", "o"], label: "Go to the owner console" },
  { keys: ["g", "l"], label: "Go to the leaderboard" },
  { keys: ["Esc"], label: "Close dialogs" },
];

function List({ shortcuts }: { shortcuts: Shortcut[] }) {
  return (
    <div className="shortcut-list">
      {shortcuts.map((s) => (
        <div key={s.label} style={{ display: "contents" }}>
          <span className="row" style={{ gap: "0.25rem" }}>
            {s.keys.map((k, i) => (
              <kbd key={`${k}-${i}`}>{k}</kbd>
            ))}
          </span>
          <span>{s.label}</span>
        </div>
      ))}
    </div>
  );
}

/** `?` anywhere opens the keyboard reference; `g` + letter navigates. */
export function ShortcutSheet() {
  const open = useShortcutStore((s) => s.open);
  const setOpen = useShortcutStore((s) => s.setOpen);
  const page = useShortcutStore((s) => s.page);
  const navigate = useNavigate();
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "?") {
        e.preventDefault();
        setOpen(!useShortcutStore.getState().open);
        return;
      }
      if (useShortcutStore.getState().page?.ownsLetterKeys) return; // the workspace owns letter keys
      if (e.key === "g") {
        pendingG = Date.now();
        return;
      }
      if (Date.now() - pendingG < 1000) {
        const to = { t: "/", p: "/profile", o: "/owner", l: "/leaderboard" }[e.key];
        if (to) navigate(to);
        pendingG = 0;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, setOpen]);
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={() => setOpen(false)} testId="shortcut-sheet">
      <div className="stack lg">
        {page ? (
          <section>
            <h3>{page.title}</h3>
            <List shortcuts={page.shortcuts} />
          </section>
        ) : null}
        <section>
          <h3>Everywhere</h3>
          <List shortcuts={page?.ownsLetterKeys ? global.filter((s) => s.keys[0] !== "g") : global} />
        </section>
      </div>
    </Dialog>
  );
}

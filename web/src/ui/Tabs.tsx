import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";

/**
 * WAI-ARIA tabs: a tablist of tabs with one tab stop (the selected tab; roving tabindex), Left/Right (wrapping), Home and End
 * move the selection and the focus (automatic activation: the panels render at once). `children` is the selected tab's content,
 * rendered in its tabpanel; every other tab has an empty, hidden panel so each tab's aria-controls points at its own panel.
 * Without children the caller renders the content itself and the tabs carry no aria-controls.
 */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
  children,
}: {
  tabs: readonly { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
  label: string;
  children?: ReactNode;
}) {
  const baseId = useId();
  const tabId = (id: T) => `${baseId}-tab-${id}`;
  const panelId = (id: T) => `${baseId}-panel-${id}`;
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const hasPanels = children !== undefined;
  // The one tab stop: the selected tab, or the first if the value names none.
  const tabStop = tabs.some((t) => t.id === value) ? value : tabs[0]?.id;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || tabs.length === 0) return;
    const current = Math.max(0, tabs.findIndex((t) => t.id === value));
    const target =
      e.key === "ArrowRight" ? (current + 1) % tabs.length : e.key === "ArrowLeft" ? (current - 1 + tabs.length) % tabs.length : e.key === "Home" ? 0 : e.key === "End" ? tabs.length - 1 : -1;
    if (target < 0) return;
    e.preventDefault();
    const next = tabs[target]!.id;
    refs.current.get(next)?.focus();
    if (next !== value) onChange(next);
  };

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} aria-orientation="horizontal" onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const selected = tab.id === value;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                if (el) refs.current.set(tab.id, el);
                else refs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              aria-selected={selected}
              aria-controls={hasPanels ? panelId(tab.id) : undefined}
              tabIndex={tab.id === tabStop ? 0 : -1}
              onClick={() => onChange(tab.id)}
              data-testid={`tab-${tab.id}`}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {hasPanels
        ? tabs.map((tab) => (
            <div key={tab.id} role="tabpanel" id={panelId(tab.id)} aria-labelledby={tabId(tab.id)} tabIndex={0} hidden={tab.id !== value} className="tabpanel">
              {tab.id === value ? children : null}
            </div>
          ))
        : null}
    </>
  );
}

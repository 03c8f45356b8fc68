import { useEffect, useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";

/** A modal dialog: focus moves in, Escape closes, focus returns to where it was. */
export function Dialog({
  open,
  title,
  onClose,
  children,
  actions,
  wide,
  testId,
}: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // Callers pass a new onClose on every render; the effect below must run on open only, or each
  // re-render of the page behind would pull focus back to the first button.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    const node = ref.current;
    // In order of preference (one selector list would return the first match in document order: the ✕ in the header).
    const focusable =
      node?.querySelector<HTMLElement>("[data-autofocus]") ??
      node?.querySelector<HTMLElement>("button.primary") ??
      node?.querySelector<HTMLElement>("button, [href], input, select, textarea");
    focusable?.focus();
    const onKey = (event: KeyboardEvent) => {
      // A held Enter (the key that opened the dialog, say) must not press its focused button.
      if (event.key === "Enter" && event.repeat) {
        event.preventDefault();
        event.stopPropagation();
        return;
      }
      if (event.key === "Escape") {
        event.stopPropagation();
        onCloseRef.current();
      }
      if (event.key === "Tab" && node) {
        const items = Array.from(node.querySelectorAll<HTMLElement>("button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])")).filter(
          (el) => !el.hasAttribute("disabled"),
        );
        if (items.length === 0) return;
        const first = items[0]!;
        const last = items[items.length - 1]!;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => {
      window.removeEventListener("keydown", onKey, true);
      restoreFocus(previous, node);
    };
  }, [open]);
  if (!open) return null;
  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className={`dialog${wide ? " wide" : ""}`} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <div className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="btn ghost icon-btn" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        {children}
        {actions ? <div className="dialog-actions">{actions}</div> : null}
      </div>
    </div>,
    document.body,
  );
}

/** How long a dialog waits for the control that opened it to become enabled again (a transaction in flight). */
const RESTORE_FOCUS_MS = 15_000;

/**
 * Focus returns to the control that opened the dialog. That control is often disabled while the action it started runs,
 * and a disabled control cannot take focus (it would land on the page), so wait for it unless the user moved on.
 */
function restoreFocus(target: HTMLElement | null, dialog: HTMLElement | null): void {
  if (!target || typeof target.focus !== "function") return;
  const started = Date.now();
  const attempt = () => {
    if (!target.isConnected) return;
    const active = document.activeElement;
    if (active && active !== document.body && !dialog?.contains(active) && active !== target) return;
    if (!(target as HTMLButtonElement).disabled) {
      target.focus();
      return;
    }
    if (Date.now() - started < RESTORE_FOCUS_MS) setTimeout(attempt, 100);
  };
  attempt();
}

import { useEffect, useState } from "react";
import { useMatches } from "react-router";
import { useConfig } from "wagmi";
import { selectToasts, useTxStore, type TrackedTx } from "./useTxStore.ts";
import { TxHash } from "./TxHash.tsx";
import { LATE_RECEIPT_WAIT_MS, outcomePatch, watchTx } from "./watchTx.ts";
import { Spinner } from "../../ui/Spinner.tsx";
import { useShallow } from "zustand/react/shallow";

/** Confirmed toasts go away on their own after this long (paused while hovered or focused); failures stay until dismissed. */
export const TOAST_AUTO_DISMISS_MS = 4500;

/** Where a page wants the toast stack: "top" keeps it over the header, clear of a workspace's controls. */
export type ToastPlacement = "top" | "corner";

function Toast({ tx }: { tx: TrackedTx }) {
  const dismiss = useTxStore((s) => s.dismiss);
  const [held, setHeld] = useState(false);
  const [expanded, setExpanded] = useState(false);
  useEffect(() => {
    if (tx.status !== "confirmed" || held) return;
    // counted from the confirmation, so a reload or a route change does not restart it
    const left = Math.max(1000, tx.updatedAt + TOAST_AUTO_DISMISS_MS - Date.now());
    const timer = window.setTimeout(() => dismiss(tx.id), left);
    return () => window.clearTimeout(timer);
  }, [tx.status, tx.id, tx.updatedAt, dismiss, held]);
  return (
    <div
      className={`toast ${tx.status}`}
      role={tx.status === "failed" ? "alert" : "status"}
      data-testid={`tx-toast-${tx.status}`}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="toast-icon" aria-hidden="true">
        {tx.status === "pending" ? <Spinner /> : tx.status === "confirmed" ? "✓" : "⨯"}
      </span>
      <div className="toast-body">
        <div className="toast-line">
          <span className="toast-title">{tx.title}</span>
          <span className="toast-status">{tx.status === "pending" ? "Pending…" : tx.status === "confirmed" ? "Confirmed" : "Failed"}</span>
          {tx.hash ? <TxHash hash={tx.hash} chainId={tx.chainId} /> : null}
          {tx.status === "failed" && tx.error ? (
            // phones show the message in two lines and the fix on demand (wide screens show both)
            <button type="button" className="toast-more" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
              {expanded ? "Less" : "How to fix"}
            </button>
          ) : null}
        </div>
        {tx.status === "failed" && tx.error ? (
          <div className={`toast-error small${expanded ? " expanded" : ""}`}>
            <div className="toast-message">
              {tx.error.title}
              {tx.error.errorName ? <code className="faint"> ({tx.error.errorName})</code> : null}
            </div>
            <div className="muted toast-fix">{tx.error.fix}</div>
          </div>
        ) : null}
      </div>
      <button type="button" className="btn ghost sm toast-close" aria-label="Dismiss" onClick={() => dismiss(tx.id)}>
        ✕
      </button>
    </div>
  );
}

/**
 * Toast stack for tracked transactions; re-watches transactions left pending by a reload, as the sender does
 * (`watchTx`: a cancel or a replacement in the wallet fails it, a revert is decoded). Bottom-left
 * on wide screens, over the header on phones and on pages whose route asks for `toasts: "top"`.
 */
export function TxToasts() {
  const toasts = useTxStore(useShallow(selectToasts));
  const config = useConfig();
  const update = useTxStore((s) => s.update);
  const placement: ToastPlacement = useMatches().some((m) => (m.handle as { toasts?: ToastPlacement } | undefined)?.toasts === "top") ? "top" : "corner";
  useEffect(() => {
    const pending = useTxStore.getState().txs.filter((t) => t.status === "pending" && t.hash);
    for (const tx of pending) {
      void watchTx(config, { chainId: tx.chainId, hash: tx.hash!, timeoutMs: LATE_RECEIPT_WAIT_MS }).then((outcome) => update(tx.id, outcomePatch(outcome)));
    }
  }, [config, update]);
  return (
    <div className={`toasts ${placement}`} aria-live="polite" data-testid="tx-toasts">
      {toasts.map((tx) => (
        <Toast key={tx.id} tx={tx} />
      ))}
    </div>
  );
}

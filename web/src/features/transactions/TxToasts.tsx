import { useEffect } from "react";
import { useConfig } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import { selectToasts, useTxStore, type TrackedTx } from "./useTxStore.ts";
import { Spinner } from "../../ui/Spinner.tsx";
import { useShallow } from "zustand/react/shallow";

function Toast({ tx }: { tx: TrackedTx }) {
  const dismiss = useTxStore((s) => s.dismiss);
  useEffect(() => {
    if (tx.status !== "confirmed") return;
    const timer = window.setTimeout(() => dismiss(tx.id), 4000);
    return () => window.clearTimeout(timer);
  }, [tx.status, tx.id, dismiss]);
  return (
    <div className={`toast ${tx.status}`} role={tx.status === "failed" ? "alert" : "status"} data-testid={`tx-toast-${tx.status}`}>
      <span aria-hidden="true">{tx.status === "pending" ? <Spinner /> : tx.status === "confirmed" ? "✓" : "⨯"}</span>
      <div className="toast-body">
        <div style={{ fontWeight: 650 }}>{tx.title}</div>
        {tx.status === "pending" ? <div className="muted small">Waiting for confirmation…</div> : null}
        {tx.status === "confirmed" ? <div className="muted small">Confirmed.</div> : null}
        {tx.status === "failed" && tx.error ? (
          <div className="small">
            <div>
              {tx.error.title}
              {tx.error.errorName ? <code className="faint"> ({tx.error.errorName})</code> : null}
            </div>
            <div className="muted">{tx.error.fix}</div>
          </div>
        ) : null}
        {tx.hash ? <div className="faint tiny mono">{tx.hash.slice(0, 18)}…</div> : null}
      </div>
      <button type="button" className="btn ghost sm" aria-label="Dismiss" onClick={() => dismiss(tx.id)}>
        ✕
      </button>
    </div>
  );
}

/** Toast stack for tracked transactions; re-watches transactions left pending by a reload. */
export function TxToasts() {
  const toasts = useTxStore(useShallow(selectToasts));
  const config = useConfig();
  const update = useTxStore((s) => s.update);
  useEffect(() => {
    const pending = useTxStore.getState().txs.filter((t) => t.status === "pending" && t.hash);
    for (const tx of pending) {
      waitForTransactionReceipt(config, { hash: tx.hash!, timeout: 120_000 }).then(
        (r) => update(tx.id, { status: r.status === "success" ? "confirmed" : "failed" }),
        () => update(tx.id, { status: "failed", error: { kind: "unknown", title: "Lost track of this transaction.", fix: "Check your wallet's activity." } }),
      );
    }
  }, [config, update]);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((tx) => (
        <Toast key={tx.id} tx={tx} />
      ))}
    </div>
  );
}

import { useAccount } from "wagmi";
import { Dialog } from "../../ui/Dialog.tsx";
import { AddressLabel } from "../../ui/Address.tsx";
import { useTxConfirmStore } from "./useTxConfirmStore.ts";
import { getConfig } from "../../config/appConfig.ts";
import { isLocalChain } from "../../config/chain.ts";

/** The explanation shown before any signature: what it does, what it costs, which account. */
export function TxConfirmDialog() {
  const request = useTxConfirmStore((s) => s.request);
  const answer = useTxConfirmStore((s) => s.answer);
  const { address, connector } = useAccount();
  if (!request) return null;
  const config = getConfig();
  return (
    <Dialog
      open
      title={request.title}
      onClose={() => answer(false)}
      testId="tx-confirm"
      actions={
        <>
          <button type="button" className="btn" onClick={() => answer(false)} data-testid="tx-cancel">
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={() => answer(true)} data-testid="tx-confirm-button" data-autofocus>
            {request.confirmLabel ?? (request.signatureOnly ? "Sign message" : "Sign transaction")}
          </button>
        </>
      }
    >
      {request.step ? <div className="badge accent" style={{ marginBottom: "0.5rem" }}>{request.step}</div> : null}
      <div className="stack">
        <div>{request.summary}</div>
        <dl className="facts">
          {request.facts?.map((fact) => (
            <div key={fact.label} style={{ display: "contents" }}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
          <dt>Account</dt>
          <dd>{address ? <AddressLabel address={address} /> : "not connected"}</dd>
          <dt>Wallet</dt>
          <dd>{connector?.name ?? "–"}</dd>
          <dt>Network</dt>
          <dd>
            chain {config.chainId}
            {isLocalChain(config.chainId) ? " (local test chain)" : ""}
          </dd>
          <dt>Fee</dt>
          <dd>{request.signatureOnly ? "none: a signature sends no transaction" : "network gas, paid in ETH"}</dd>
        </dl>
        {request.warning ? <div className="alert warn small">{request.warning}</div> : null}
      </div>
    </Dialog>
  );
}

import { useAccount, useSwitchChain } from "wagmi";
import { Alert } from "../../ui/Alert.tsx";
import { getConfig } from "../../config/appConfig.ts";
import { decodeTxError } from "../transactions/decodeTxError.ts";

/** Wrong network: say so, offer the switch, and keep everything else usable read-only. */
export function NetworkGuard() {
  const { isConnected, chainId } = useAccount();
  const { switchChain, isPending, error } = useSwitchChain();
  const config = getConfig();
  if (!isConnected || chainId === undefined || chainId === config.chainId) return null;
  return (
    <div style={{ maxWidth: 1200, margin: "0.75rem auto 0", padding: "0 1.25rem" }}>
      <Alert
        tone="warn"
        testId="wrong-network"
        title={`Your wallet is on chain ${chainId}; Crowdlabel runs on chain ${config.chainId}.`}
        action={
          <button type="button" className="btn primary sm" disabled={isPending} onClick={() => switchChain({ chainId: config.chainId })}>
            {isPending ? "Switching…" : "Switch network"}
          </button>
        }
      >
        Reading works; signing is disabled until you switch.
        {error ? <div className="muted">{decodeTxError(error).title}</div> : null}
      </Alert>
    </div>
  );
}

import type { ReactNode } from "react";
import { useAccount } from "wagmi";
import { useConnectModal } from "@rainbow-me/rainbowkit";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { getConfig } from "../../config/appConfig.ts";

/** Children need an account; otherwise explain and offer to connect. */
export function RequireWallet({ children, why }: { children: ReactNode; why: string }) {
  const { isConnected } = useAccount();
  const { openConnectModal } = useConnectModal();
  if (isConnected) return <>{children}</>;
  return (
    <div className="card">
      <EmptyState
        title="Connect a wallet"
        action={
          <button type="button" className="btn primary" onClick={() => openConnectModal?.()} data-testid="connect-cta">
            Connect wallet
          </button>
        }
      >
        {why}
        {getConfig().localWallet ? " On this local chain, pick “Local test wallet”: no extension needed." : ""}
      </EmptyState>
    </div>
  );
}

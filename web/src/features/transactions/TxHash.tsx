import { useState } from "react";
import { useChains } from "wagmi";
import type { Hex } from "viem";

/**
 * A transaction hash, shortened: a link to the chain's block explorer when it has one, otherwise
 * (anvil) a button that copies the full hash.
 */
export function TxHash({ hash, chainId }: { hash: Hex; chainId: number }) {
  const explorer = useChains().find((c) => c.id === chainId)?.blockExplorers?.default.url;
  const [copied, setCopied] = useState(false);
  const short = `${hash.slice(0, 8)}…${hash.slice(-4)}`;
  if (explorer)
    return (
      <a className="tx-hash mono" href={`${explorer.replace(/\/$/, "")}/tx/${hash}`} target="_blank" rel="noreferrer" title={hash} data-testid="tx-hash">
        {short} ↗
      </a>
    );
  return (
    <button
      type="button"
      className="tx-hash mono"
      title={`${hash} (copy)`}
      aria-label={`Copy transaction hash ${hash}`}
      data-testid="tx-hash"
      onClick={() => {
        void navigator.clipboard?.writeText(hash).then(() => setCopied(true), () => undefined);
      }}
    >
      {copied ? "copied" : short}
    </button>
  );
}

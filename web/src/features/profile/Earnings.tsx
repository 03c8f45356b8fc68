import { useAccount, usePublicClient, useReadContracts, useWriteContract } from "wagmi";
import { erc20Abi, type Address } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { formatAmount, formatExactAmount } from "../../ui/format.ts";
import { useTxRunner } from "../transactions/useTxRunner.ts";
import { useOneAtATime } from "../../ui/useOneAtATime.ts";

/** Claimable amounts per token, read from the chain (`credits(token, account)`), with withdraw. */
export function Earnings({ tokens, account, compact }: { tokens: Address[]; account?: Address; compact?: boolean }) {
  const { address } = useAccount();
  const who = account ?? address;
  const config = getConfig();
  const run = useTxRunner();
  const { writeContractAsync } = useWriteContract();
  const client = usePublicClient();
  const { running: withdrawing, run: oneAtATime } = useOneAtATime<Address>();
  const unique = [...new Set(tokens.map((t) => t.toLowerCase()))] as Address[];
  const reads = useReadContracts({
    allowFailure: true,
    contracts: who
      ? unique.flatMap((token) => [
          { address: config.crowdlabel, abi: crowdlabelAbi, functionName: "credits", args: [token, who] } as const,
          { address: token, abi: erc20Abi, functionName: "symbol" } as const,
          { address: token, abi: erc20Abi, functionName: "decimals" } as const,
        ])
      : [],
    query: { enabled: !!who, refetchInterval: 4000 },
  });
  const rows = unique.map((token, i) => {
    const credit = reads.data?.[i * 3];
    const symbol = reads.data?.[i * 3 + 1];
    const decimals = reads.data?.[i * 3 + 2];
    return {
      token,
      amount: credit?.status === "success" ? (credit.result as bigint) : undefined,
      symbol: symbol?.status === "success" ? String(symbol.result) : "tokens",
      // Unknown until read: guessing 18 would show a 6-decimal token's amounts 10^12 times too small.
      decimals: decimals?.status === "success" ? Number(decimals.result) : undefined,
    };
  });
  const mine = !!address && who?.toLowerCase() === address.toLowerCase();
  if (reads.isError) return <p className="small" style={{ color: "var(--danger)" }}>Cannot read balances from the chain right now (RPC down?).</p>;
  return (
    <div className="stack" data-testid="earnings">
      {rows.map((r) => (
        <div key={r.token} className="row between">
          <div>
            <div className="stat-value" style={{ fontSize: compact ? "1.1rem" : undefined }} data-testid={`claimable-${r.symbol}`}>
              {r.amount === undefined || r.decimals === undefined ? "…" : formatAmount(r.amount, r.decimals)} <span className="small muted">{r.symbol}</span>
            </div>
            <div className="tiny muted">claimable now · read from chain</div>
          </div>
          {mine ? (
            <button
              type="button"
              className="btn primary"
              disabled={!r.amount || r.decimals === undefined || withdrawing !== null}
              data-testid="withdraw-button"
              onClick={() =>
                oneAtATime(r.token, async () => {
                  const amount = `${formatExactAmount(r.amount ?? 0n, r.decimals)} ${r.symbol}`;
                  try {
                    await run({
                      explanation: {
                        title: `Withdraw ${amount}`,
                        summary: "Sends everything credited to you in this token (rewards, returned bonds, refunds) to your account.",
                        facts: [{ label: "Amount", value: amount }],
                      },
                      simulate: client && (() => client.simulateContract({ account: address, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "withdraw", args: [r.token] })),
                      send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "withdraw", args: [r.token] }),
                    });
                  } finally {
                    void reads.refetch();
                  }
                })
              }
            >
              {withdrawing === r.token ? "Withdrawing…" : "Withdraw"}
            </button>
          ) : null}
        </div>
      ))}
    </div>
  );
}

import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { useAccount, usePublicClient } from "wagmi";
import type { PublicClient } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { indexer, itemsOf, type LeaderboardEntry } from "../../lib/indexer.ts";
import { Alert } from "../../ui/Alert.tsx";
import { AddressLabel } from "../../ui/Address.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { formatPercent } from "../../ui/format.ts";

/** Without the indexer: on-chain counters of everyone who was ever assigned a slot. */
async function leaderboardFromChain(client: PublicClient): Promise<LeaderboardEntry[]> {
  const config = getConfig();
  const logs = await client.getContractEvents({ address: config.crowdlabel, abi: crowdlabelAbi, eventName: "SlotAssigned", fromBlock: config.startBlock });
  const addresses = [...new Set(logs.map((l) => l.args.annotator!))];
  const rows = await Promise.all(
    addresses.map(async (address) => {
      const [revealed, agreed] = await client.readContract({ address: config.crowdlabel, abi: crowdlabelAbi, functionName: "annotatorStats", args: [address] });
      return { address, score: Number(agreed), labelsRevealed: Number(revealed), labelsAgreed: Number(agreed) };
    }),
  );
  return rows.filter((r) => r.labelsRevealed > 0).sort((a, b) => b.score - a.score);
}

export function LeaderboardPage() {
  const { address } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const { deploymentId } = getConfig();
  const { data, isLoading, error } = useQuery({
    queryKey: ["leaderboard", deploymentId],
    queryFn: async ({ signal }) => {
      try {
        return { rows: itemsOf(await indexer.leaderboard(signal)), source: "indexer" as const };
      } catch (e) {
        if (!client) throw e;
        return { rows: await leaderboardFromChain(client), source: "chain" as const };
      }
    },
    refetchInterval: 15_000,
  });
  return (
    <main>
      <div className="page-head">
        <div>
          <h1>Leaderboard</h1>
          <p>Annotators ranked by reputation: agreement with consensus, gold accuracy and volume.</p>
        </div>
      </div>
      {data?.source === "chain" ? (
        <div style={{ marginBottom: "1rem" }}>
          <Alert tone="info" title="The indexer is unreachable: ranked by on-chain agreed labels only." />
        </div>
      ) : null}
      {error ? <Alert tone="danger" title="Could not load the leaderboard">{(error as Error).message}</Alert> : null}
      <section className="card">
        {isLoading ? (
          <Skeleton height={200} />
        ) : !data || data.rows.length === 0 ? (
          <EmptyState title="Nobody on the board yet">Labels count once their batch is finalised.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="leaderboard">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Annotator</th>
                  <th className="right">Score</th>
                  <th className="right">Labels</th>
                  <th className="right">Agreement</th>
                  <th className="right hide-sm">Tasks</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r, i) => {
                  const breakdown = (r as LeaderboardEntry & { breakdown?: { consensusAgreement?: number; labelsAgreed?: number; labelsScored?: number } }).breakdown;
                  const agreement = breakdown?.consensusAgreement ?? (r.labelsRevealed ? (r.labelsAgreed ?? 0) / r.labelsRevealed : 0);
                  const you = !!address && r.address.toLowerCase() === address.toLowerCase();
                  return (
                    <tr key={r.address} style={you ? { background: "var(--accent-soft)" } : undefined}>
                      <td className="num">{(r as LeaderboardEntry & { rank?: number }).rank ?? i + 1}</td>
                      <td>
                        <Link to={`/profile/${r.address}`}>
                          <AddressLabel address={r.address} you={you} />
                        </Link>
                      </td>
                      <td className="right num" style={{ fontWeight: 700 }}>
                        {Math.round(r.score)}
                      </td>
                      <td className="right num">{r.labelsRevealed}</td>
                      <td className="right num">{formatPercent(agreement, 1)}</td>
                      <td className="right num hide-sm">{r.tasksWorked ?? "–"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

import { Link } from "react-router";
import { useAccount, usePublicClient } from "wagmi";
import type { Address, PublicClient } from "viem";
import { crowdlabelAbi } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { indexer, type LeaderboardEntry } from "../../lib/indexer.ts";
import { useIndexerPages, useIndexerQuery } from "../tasks/queries.ts";
import { Alert } from "../../ui/Alert.tsx";
import { ProfileLink } from "../../ui/Address.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { LoadMore } from "../../ui/LoadMore.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { formatPercent } from "../../ui/format.ts";
import { polledLogsSince } from "../../lib/chainLogs.ts";

/** Without the indexer: on-chain counters of everyone who was ever assigned a slot. */
async function leaderboardFromChain(client: PublicClient): Promise<LeaderboardEntry[]> {
  const config = getConfig();
  // Only the annotators are kept (and stored for the next visit), not whole logs.
  const assigned = await polledLogsSince(`${config.deploymentId}:slot-assigned`, client, (fromBlock, toBlock) =>
    client
      .getContractEvents({ address: config.crowdlabel, abi: crowdlabelAbi, eventName: "SlotAssigned", fromBlock, toBlock })
      .then((logs) => [...new Set(logs.map((l) => l.args.annotator!))]),
  );
  const addresses = [...new Set(assigned)];
  const rows = await Promise.all(
    addresses.map(async (address) => {
      const [revealed, agreed] = await client.readContract({ address: config.crowdlabel, abi: crowdlabelAbi, functionName: "annotatorStats", args: [address] });
      return { address, score: Number(agreed), labelsRevealed: Number(revealed), labelsAgreed: Number(agreed) };
    }),
  );
  return rows.filter((r) => r.labelsRevealed > 0).sort((a, b) => b.score - a.score);
}

/** Annotators per leaderboard page. */
const PAGE_SIZE = 50;

/** The leaderboard a page at a time from the indexer; without it, everyone from the chain in one page. */
function useLeaderboard() {
  const client = usePublicClient() as PublicClient | undefined;
  const { deploymentId } = getConfig();
  return useIndexerPages<LeaderboardEntry>({
    queryKey: ["leaderboard", deploymentId],
    page: (cursor, signal) => indexer.leaderboard({ limit: PAGE_SIZE, cursor }, signal),
    fromChain: client && (() => leaderboardFromChain(client)),
    refetchInterval: 15_000,
  });
}

/** The connected annotator's place, even when it is pages down. */
function YourStanding({ address }: { address: Address }) {
  const { data } = useIndexerQuery("profile", address, indexer.annotator);
  if (!data) return null;
  return (
    <p className="small standing" data-testid="your-rank">
      {data.leaderboardRank ? (
        <>
          You are <strong>#{data.leaderboardRank}</strong> of {data.leaderboardSize} with a score of <strong>{Math.round(data.reputation.score)}</strong>.{" "}
          <Link to="/profile">See what makes up your score</Link>
        </>
      ) : (
        <>You are not on the board yet: your labels count once their batch is finalised.</>
      )}
    </p>
  );
}

export function LeaderboardPage() {
  const { address } = useAccount();
  const { data, isLoading, error, hasNextPage, fetchNextPage, isFetchingNextPage } = useLeaderboard();
  const rows = (data?.pages ?? []).flatMap((p) => p.items);
  const source = data?.pages[0]?.source;
  return (
    <main>
      <div className="page-head">
        <div>
          <h1>Leaderboard</h1>
          <p>Annotators ranked by reputation: agreement with consensus, peer prediction, gold accuracy and Dawid-Skene skill, weighed by how many labels back them.</p>
          {address && source === "indexer" ? <YourStanding address={address} /> : null}
        </div>
      </div>
      {source === "chain" ? (
        <div style={{ marginBottom: "1rem" }}>
          <Alert tone="info" title="The indexer is unreachable: ranked by on-chain agreed labels only." />
        </div>
      ) : null}
      {error ? <Alert tone="danger" title="Could not load the leaderboard">{(error as Error).message}</Alert> : null}
      <section className="card">
        {isLoading ? (
          <Skeleton height={200} />
        ) : rows.length === 0 ? (
          <EmptyState title="Nobody on the board yet">Labels count once their batch is finalised.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table data-testid="leaderboard">
              <thead>
                <tr>
                  <th>#</th>
                  <th>Annotator</th>
                  <th className="right">{source === "chain" ? "Agreed labels" : "Score"}</th>
                  <th className="right">Labels</th>
                  <th className="right" title={source === "chain" ? "Share of labels that matched consensus" : "Share of labels that matched consensus, smoothed toward 50% for annotators with few labels"}>
                    Agreement
                  </th>
                  <th className="right hide-sm">Tasks</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const agreement = r.breakdown?.consensusAgreement ?? (r.labelsRevealed ? (r.labelsAgreed ?? 0) / r.labelsRevealed : 0);
                  const you = !!address && r.address.toLowerCase() === address.toLowerCase();
                  return (
                    <tr key={r.address} style={you ? { background: "var(--accent-soft)" } : undefined} data-testid={`leaderboard-row-${r.address.toLowerCase()}`}>
                      <td className="num">{r.rank ?? i + 1}</td>
                      <td>
                        <ProfileLink address={r.address} you={you} />
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
        {rows.length > 0 ? (
          <p className="tiny muted" style={{ margin: "0.5rem 0 0" }}>
            {source === "chain"
              ? "Agreement is the share of an annotator's labels that matched consensus, as the contract counts them. With the indexer back, the board ranks by reputation and smooths agreement toward 50% while it rests on few labels."
              : "Agreement is the share of an annotator's labels that matched consensus, smoothed toward 50% while it rests on few labels; a profile also shows the raw share."}
          </p>
        ) : null}
        {rows.length > 0 ? (
          <LoadMore shown={`Top ${rows.length} shown`} what="annotators" hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()} />
        ) : null}
      </section>
    </main>
  );
}

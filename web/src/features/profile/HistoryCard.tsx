import { Link } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { getConfig } from "../../config/appConfig.ts";
import { indexer, type AnnotatorProfile, type IndexerPage, type HistoryEntry } from "../../lib/indexer.ts";
import { LoadMore } from "../../ui/LoadMore.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import type { Address } from "viem";
import { formatAmount, formatPercent } from "../../ui/format.ts";
import { useTokenMetas } from "../tasks/queries.ts";

/** "6 tUSD"; "–" before anything is earned. */
function earnedText(entry: HistoryEntry, tokens: Map<string, { symbol: string; decimals?: number }>): string {
  if (BigInt(entry.earned) === 0n) return "–";
  const meta = tokens.get(entry.token.toLowerCase());
  return `${formatAmount(entry.earned, meta?.decimals)}${meta ? ` ${meta.symbol}` : ""}`;
}

/** Tasks per further history page (the profile carries the first page). */
const PAGE_SIZE = 50;

/**
 * Every task the annotator worked, newest first: the first page comes with the profile (and refreshes with it), the
 * pages after it load on demand from `historyNextCursor`.
 */
export function HistoryCard({ address, profile, loading, wide }: { address: string; profile: AnnotatorProfile | undefined; loading: boolean; wide: boolean }) {
  const { deploymentId } = getConfig();
  const firstCursor = profile?.historyNextCursor ?? null;
  // Keyed on the first page's cursor: when new work shifts the first page, the pages after it start over.
  const more = useInfiniteQuery({
    queryKey: ["history", deploymentId, address.toLowerCase(), firstCursor],
    initialPageParam: firstCursor,
    getNextPageParam: (last: IndexerPage<HistoryEntry>) => last.nextCursor,
    queryFn: ({ pageParam, signal }) => indexer.history(address, { limit: PAGE_SIZE, cursor: pageParam ?? undefined }, signal),
    enabled: false,
  });
  const rows = [...(profile?.history ?? []), ...(more.data?.pages ?? []).flatMap((p) => p.items)];
  const tokens = useTokenMetas(rows.map((h) => h.token as Address));
  // Gold is scored only in tasks whose owner revealed gold answers covering this annotator's images.
  const withGold = rows.some((h) => h.goldAccuracy !== null);
  return (
    <section className="card" style={{ gridColumn: wide ? "1 / -1" : undefined }}>
      <h2>History</h2>
      {loading ? (
        <Skeleton height={80} />
      ) : rows.length ? (
        <div className="table-wrap">
          <table data-testid="history">
            <thead>
              <tr>
                <th>Task</th>
                <th className="right">Labels</th>
                <th className="right">Agreed</th>
                {withGold ? <th className="right">Gold</th> : null}
                <th className="right">Earned</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.taskId}>
                  <td>
                    <Link to={`/tasks/${h.taskId}`}>{h.title ?? `Task #${h.taskId}`}</Link>
                  </td>
                  <td className="right num">{h.labelsRevealed}</td>
                  <td className="right num">{h.labelsAgreed}</td>
                  {withGold ? <td className="right num">{h.goldAccuracy !== null ? formatPercent(h.goldAccuracy) : "–"}</td> : null}
                  <td className="right num">{earnedText(h, tokens)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted small">{profile ? "No finalised work yet." : "The indexer is unreachable: history appears when it answers."}</p>
      )}
      {rows.length > 0 ? (
        <LoadMore
          shown={`${rows.length} tasks shown`}
          what="tasks"
          hasMore={more.data ? more.hasNextPage : firstCursor !== null}
          loading={more.isFetching}
          onLoad={() => void (more.data ? more.fetchNextPage() : more.refetch())}
        />
      ) : null}
    </section>
  );
}

import { Link } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { getConfig } from "../../config/appConfig.ts";
import { indexer } from "../../lib/indexer.ts";
import { LoadMore } from "../../ui/LoadMore.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { formatAmount } from "../../ui/format.ts";

/** Tasks per history page. */
const PAGE_SIZE = 50;

/** Every task the annotator worked, newest first, a page at a time from the indexer. */
export function HistoryCard({ address, wide }: { address: string; wide: boolean }) {
  const { deploymentId } = getConfig();
  const history = useInfiniteQuery({
    queryKey: ["history", deploymentId, address.toLowerCase()],
    initialPageParam: null as string | null,
    getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor,
    queryFn: ({ pageParam, signal }) => indexer.history(address, { limit: PAGE_SIZE, cursor: pageParam ?? undefined }, signal),
    retry: false,
    refetchInterval: 10_000,
  });
  const rows = (history.data?.pages ?? []).flatMap((p) => p.items);
  return (
    <section className="card" style={{ gridColumn: wide ? "1 / -1" : undefined }}>
      <h2>History</h2>
      {history.isLoading ? (
        <Skeleton height={80} />
      ) : rows.length ? (
        <div className="table-wrap">
          <table data-testid="history">
            <thead>
              <tr>
                <th>Task</th>
                <th className="right">Labels</th>
                <th className="right">Agreed</th>
                <th className="right">Earned</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.taskId}>
                  <td>
                    <Link to={`/tasks/${h.taskId}`}>{h.title ?? `Task #${h.taskId}`}</Link>
                  </td>
                  <td className="right num">{h.labelsRevealed ?? "–"}</td>
                  <td className="right num">{h.labelsAgreed ?? "–"}</td>
                  <td className="right num">{h.earned ? formatAmount(h.earned) : "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted small">{history.isError ? "The indexer is unreachable: history appears when it answers." : "No finalised work yet."}</p>
      )}
      {rows.length > 0 ? (
        <LoadMore shown={`${rows.length} tasks shown`} what="tasks" hasMore={history.hasNextPage} loading={history.isFetchingNextPage} onLoad={() => void history.fetchNextPage()} />
      ) : null}
    </section>
  );
}

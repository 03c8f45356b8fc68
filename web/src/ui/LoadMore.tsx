import { Spinner } from "./Spinner.tsx";

/** The foot of a paged list: how much is shown and a button for the next page (nothing once the list is complete). */
export function LoadMore({ shown, what, hasMore, loading, onLoad }: { shown: string; what: string; hasMore: boolean; loading: boolean; onLoad: () => void }) {
  if (!hasMore && !loading) return null;
  return (
    <div className="load-more">
      <span className="small muted">{shown}</span>
      <button className="btn" onClick={onLoad} disabled={loading} data-testid="load-more">
        {loading ? <Spinner label={`Loading more ${what}`} /> : null}
        {loading ? "Loading…" : `Load more ${what}`}
      </button>
    </div>
  );
}

import { useMemo, useState } from "react";
import { useAccount } from "wagmi";
import { useTaskPages, type TaskSort, type TaskStatus } from "./queries.ts";
import { TaskCard } from "./TaskCard.tsx";
import { Alert } from "../../ui/Alert.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { LoadMore } from "../../ui/LoadMore.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { decodeTxError } from "../transactions/decodeTxError.ts";

export function MarketplacePage() {
  const [status, setStatus] = useState<TaskStatus>("open");
  const [sort, setSort] = useState<TaskSort>("reward");
  const [onlyEligible, setOnlyEligible] = useState(false);
  const { address } = useAccount();
  const { data, isLoading, error, hasNextPage, fetchNextPage, isFetchingNextPage } = useTaskPages({ status, sort, eligibleFor: onlyEligible ? address : undefined });
  const tasks = useMemo(() => (data?.pages ?? []).flatMap((p) => p.tasks).filter((t) => !onlyEligible || t.eligible !== false), [data, onlyEligible]);
  const source = data?.pages[0]?.source;
  return (
    <main>
      <div className="page-head">
        <div>
          <h1>Label images, earn tokens</h1>
          <p>Pick a task, claim a batch, label with your keyboard. You are paid for every label that matches consensus.</p>
        </div>
        <div className="row">
          <label className="sr-only" htmlFor="status-filter">
            Status
          </label>
          <select id="status-filter" value={status} onChange={(e) => setStatus(e.target.value as TaskStatus)} data-testid="status-filter">
            <option value="open">Open tasks</option>
            <option value="all">All tasks</option>
            <option value="closed">Closed / ended</option>
          </select>
          <label className="sr-only" htmlFor="sort">
            Sort
          </label>
          <select id="sort" value={sort} data-testid="sort" onChange={(e) => setSort(e.target.value as TaskSort)}>
            <option value="reward">Highest reward</option>
            <option value="newest">Newest</option>
            <option value="ending">Ending soon</option>
          </select>
          {address ? (
            <label className="row small" style={{ gap: "0.35rem" }}>
              <input type="checkbox" checked={onlyEligible} onChange={(e) => setOnlyEligible(e.target.checked)} /> Only tasks I can take
            </label>
          ) : null}
        </div>
      </div>
      {source === "chain" ? (
        <div style={{ marginBottom: "1rem" }}>
          <Alert tone="info" title="The indexer is unreachable: tasks are read directly from the chain." testId="indexer-fallback">
            Progress figures may be less detailed; everything you sign is checked on chain anyway.
          </Alert>
        </div>
      ) : null}
      {error ? <Alert tone="danger" title="Could not load tasks">{decodeTxError(error).title}</Alert> : null}
      {isLoading ? (
        <div className="grid cards">
          {[0, 1, 2].map((i) => (
            <div className="card" key={i}>
              <Skeleton height={140} />
            </div>
          ))}
        </div>
      ) : tasks.length === 0 && !error ? (
        <div className="card">
          <EmptyState title="No tasks here yet">Dataset owners post tasks from the Owner console.</EmptyState>
        </div>
      ) : (
        <div className="grid cards" data-testid="task-list">
          {tasks.map((task) => (
            <TaskCard key={task.id.toString()} task={task} />
          ))}
        </div>
      )}
      {tasks.length > 0 ? (
        <LoadMore shown={`${tasks.length} tasks shown`} what="tasks" hasMore={hasNextPage} loading={isFetchingNextPage} onLoad={() => void fetchNextPage()} />
      ) : null}
    </main>
  );
}

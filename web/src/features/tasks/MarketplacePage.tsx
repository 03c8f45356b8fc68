import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useAccount } from "wagmi";
import { MARKETPLACE_PAGE_SIZE, useTaskPages, type TaskSort, type TaskStatus } from "./queries.ts";
import { TaskCard } from "./TaskCard.tsx";
import { Alert } from "../../ui/Alert.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { LoadMore } from "../../ui/LoadMore.tsx";
import { Skeleton } from "../../ui/Spinner.tsx";
import { decodeTxError } from "../transactions/decodeTxError.ts";

const STATUSES: readonly TaskStatus[] = ["open", "all", "closed"];
const SORTS: readonly TaskSort[] = ["reward", "newest", "ending"];

/** A query parameter that must be one of `values`; anything else reads as the first. */
function pick<T extends string>(raw: string | null, values: readonly T[]): T {
  return values.find((v) => v === raw) ?? values[0]!;
}

export function MarketplacePage() {
  // Filter and sort live in the URL, so a reload, the back button or a shared link keep them.
  const [params, setParams] = useSearchParams();
  const status = pick(params.get("status"), STATUSES);
  const sort = pick(params.get("sort"), SORTS);
  const setParam = (key: "status" | "sort", value: string, fallback: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const setStatus = (value: TaskStatus) => setParam("status", value, STATUSES[0]!);
  const setSort = (value: TaskSort) => setParam("sort", value, SORTS[0]!);
  const [onlyEligible, setOnlyEligible] = useState(false);
  const { address } = useAccount();
  const { data, isLoading, error, hasNextPage, fetchNextPage, isFetchingNextPage } = useTaskPages({ status, sort, eligibleFor: onlyEligible ? address : undefined });
  const tasks = useMemo(() => (data?.pages ?? []).flatMap((p) => p.items).filter((t) => !onlyEligible || t.eligible !== false), [data, onlyEligible]);
  const source = data?.pages[0]?.source;
  // Read from the chain, the list arrives whole; it is shown a page at a time all the same, since each card reads its
  // manifest (title) and eligibility.
  const listKey = `${status}:${sort}:${onlyEligible}`;
  const [chainPage, setChainPage] = useState({ listKey, shown: MARKETPLACE_PAGE_SIZE });
  const chainShown = chainPage.listKey === listKey ? chainPage.shown : MARKETPLACE_PAGE_SIZE;
  const fromChain = source === "chain";
  const visible = fromChain ? tasks.slice(0, chainShown) : tasks;
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
          {visible.map((task) => (
            <TaskCard key={task.id.toString()} task={task} />
          ))}
        </div>
      )}
      {tasks.length > 0 ? (
        <LoadMore
          shown={fromChain ? `${visible.length} of ${tasks.length} tasks shown` : `${tasks.length} tasks shown`}
          what="tasks"
          hasMore={fromChain ? tasks.length > visible.length : hasNextPage}
          loading={!fromChain && isFetchingNextPage}
          onLoad={() => (fromChain ? setChainPage({ listKey, shown: chainShown + MARKETPLACE_PAGE_SIZE }) : void fetchNextPage())}
        />
      ) : null}
    </main>
  );
}

import { useCallback, useMemo, useRef } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { erc20Abi, type Address, type PublicClient } from "viem";
import { usePublicClient, useReadContracts } from "wagmi";
import { ManifestTaskMismatchError, manifestMismatches, type ManifestExpectations, type TaskManifest } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { eligibleTasks, tasksWithFreeSlot, fetchTaskFromChain, fetchTasksFromChain, mergeTask, readManifestCid, readTask, withManifestCids, type TaskView } from "../../lib/chainTasks.ts";
import { indexer, type IndexerPage, type TaskSort, type TaskStatus, type TaskSummary } from "../../lib/indexer.ts";
import { isPermanentManifestError } from "./manifestErrors.ts";
import { taskOrder } from "./taskOrder.ts";

export type { TaskSort, TaskStatus };

export function fromSummary(s: TaskSummary): TaskView {
  return {
    id: BigInt(s.id),
    owner: s.owner as Address,
    token: s.token as Address,
    manifestCid: s.manifestCid,
    title: s.title ?? undefined,
    itemCount: s.itemCount,
    batchSize: s.batchSize,
    batchCount: s.batchCount,
    classCount: s.classCount,
    redundancy: s.redundancy,
    maxRedundancy: s.maxRedundancy,
    minAgreement: s.minAgreement,
    rewardPerLabel: BigInt(s.rewardPerLabel),
    bondPerClaim: BigInt(s.bondPerClaim),
    claimTtl: 0,
    commitWindow: 0,
    revealWindow: 0,
    deadline: Number(s.deadline),
    closed: s.closed,
    funded: BigInt(s.funded),
    paid: BigInt(s.paid),
    batchesDone: s.batchesDone,
    pendingBatches: 0,
    minLabelsRevealed: s.minLabelsRevealed ?? 0,
    minAgreementBps: s.minAgreementBps ?? 0,
    goldCommitment: "0x",
    goldRevealed: false,
    itemsResolved: s.itemsResolved,
    labelsRevealed: s.labelsRevealed,
    createdAt: Number(s.createdAt),
    createdBlock: s.createdBlock === undefined ? undefined : BigInt(s.createdBlock),
    eligible: s.eligible,
    source: "indexer",
  };
}

/** A page of a paged list, and where it came from. */
export type SourcedPage<T> = IndexerPage<T> & { source: "indexer" | "chain" };

/**
 * A cursor-paged indexer list, a page at a time (`fetchNextPage` loads the next). When the indexer does not answer the
 * first page and `fromChain` is given, the whole list comes from the chain as one page; a later page failing is an
 * error to retry, not a reason to swap the list under the reader.
 */
export function useIndexerPages<T>(options: {
  queryKey: readonly unknown[];
  page: (cursor: string | undefined, signal: AbortSignal) => Promise<IndexerPage<T>>;
  fromChain?: () => Promise<T[]>;
  refetchInterval: number;
}) {
  return useInfiniteQuery({
    queryKey: options.queryKey,
    initialPageParam: null as string | null,
    getNextPageParam: (last: SourcedPage<T>) => last.nextCursor,
    queryFn: async ({ pageParam, signal }): Promise<SourcedPage<T>> => {
      try {
        return { ...(await options.page(pageParam ?? undefined, signal)), source: "indexer" };
      } catch (error) {
        if (!options.fromChain || pageParam !== null) throw error;
        return { items: await options.fromChain(), nextCursor: null, source: "chain" };
      }
    },
    refetchInterval: options.refetchInterval,
  });
}

/** Tasks per marketplace page: eight rows of three cards. */
export const MARKETPLACE_PAGE_SIZE = 24;
/** Page size when walking an owner's whole task list (the indexer's maximum). */
const OWNER_PAGE_SIZE = 200;

const byStatus = (status: TaskStatus, now: number) => (t: TaskView) =>
  status === "all" ? true : status === "open" ? !t.closed && t.deadline > now : t.closed || t.deadline <= now;

/** Money and gates come from the chain even when the list comes from the indexer. */
async function withChainState(client: PublicClient | undefined, tasks: TaskView[]): Promise<TaskView[]> {
  if (!client) return tasks;
  const states = await Promise.allSettled(tasks.map((t) => readTask(client, t.id)));
  return tasks.map((t, i) => {
    const state = states[i]!;
    if (state.status !== "fulfilled") return t;
    return mergeTask(t.id, state.value, { manifestCid: t.manifestCid }, {
      title: t.title,
      itemsResolved: t.itemsResolved,
      labelsRevealed: t.labelsRevealed,
      createdAt: t.createdAt,
      eligible: t.eligible,
      source: "indexer",
    });
  });
}

/** Marketplace list in the indexer's order; without the indexer every task's state from the chain, filtered and sorted here. */
export function useTaskPages({ status, sort, eligibleFor }: { status: TaskStatus; sort: TaskSort; eligibleFor?: Address }) {
  const client = usePublicClient() as PublicClient | undefined;
  const { deploymentId } = getConfig();
  return useIndexerPages<TaskView>({
    queryKey: ["tasks", deploymentId, status, sort, eligibleFor ?? null],
    page: async (cursor, signal) => {
      const page = await indexer.tasks({ status, sort, eligibleFor, limit: MARKETPLACE_PAGE_SIZE, cursor }, signal);
      return { items: await withChainState(client, page.items.map(fromSummary)), nextCursor: page.nextCursor };
    },
    fromChain:
      client &&
      (async () => {
        const tasks = (await fetchTasksFromChain(client)).filter(byStatus(status, Date.now() / 1000)).sort(taskOrder[sort]);
        return eligibleFor ? tasksWithFreeSlot(client, await eligibleTasks(client, tasks, eligibleFor), eligibleFor) : tasks;
      }),
    refetchInterval: 10_000,
  });
}

/** Every task of one owner (the owner console and the pool picker): all pages from the indexer, else from the chain. */
export function useOwnerTasks(owner: Address | undefined) {
  const client = usePublicClient() as PublicClient | undefined;
  const { deploymentId } = getConfig();
  return useQuery({
    queryKey: ["tasks", deploymentId, "owner", owner?.toLowerCase() ?? null],
    enabled: !!owner,
    queryFn: async ({ signal }): Promise<{ tasks: TaskView[]; source: "indexer" | "chain" }> => {
      const mine = (t: TaskView) => t.owner.toLowerCase() === owner!.toLowerCase();
      try {
        const summaries: TaskSummary[] = [];
        let cursor: string | undefined;
        do {
          const page = await indexer.tasks({ status: "all", owner, limit: OWNER_PAGE_SIZE, cursor }, signal);
          summaries.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return { tasks: await withChainState(client, summaries.map(fromSummary)), source: "indexer" };
      } catch (error) {
        if (!client) throw error;
        return { tasks: await withManifestCids(client, (await fetchTasksFromChain(client)).filter(mine)), source: "chain" };
      }
    },
    refetchInterval: 10_000,
  });
}

/**
 * A listed task's manifest CID: the list's when it carries one (the indexer's), else read from the task's TaskCreated
 * log, so a list read from the chain asks only for the cards it shows.
 */
export function useManifestCid(task: Pick<TaskView, "id" | "manifestCid" | "createdBlock">, enabled = true): string | undefined {
  const client = usePublicClient() as PublicClient | undefined;
  const { deploymentId } = getConfig();
  const { createdBlock } = task;
  const read = useQuery({
    queryKey: ["manifest-cid", deploymentId, task.id.toString(), createdBlock?.toString()],
    enabled: enabled && !task.manifestCid && !!client && createdBlock !== undefined,
    queryFn: async () => (await readManifestCid(client!, task.id, createdBlock!)) ?? null,
    staleTime: 60_000,
  });
  return task.manifestCid || (read.data ?? undefined);
}

/** One task, always from the chain (bond, reward, deadline are read where they are true). */
export function useTask(taskId: bigint | undefined) {
  const client = usePublicClient();
  const { deploymentId } = getConfig();
  return useQuery({
    queryKey: ["task", deploymentId, taskId?.toString()],
    enabled: taskId !== undefined && !!client,
    queryFn: () => fetchTaskFromChain(client as PublicClient, taskId!),
    refetchInterval: 5_000,
  });
}

/**
 * One indexer read about a task or an account, scoped to the deployment. No retries: when the
 * indexer is down the page says so at once and reads the chain instead. Refreshed every 10 s, or as
 * often as `refetchEvery` says given the last answer.
 */
export function useIndexerQuery<T>(name: string, id: string | undefined, read: (id: string, signal: AbortSignal) => Promise<T>, refetchEvery: (last: T | undefined) => number = () => 10_000) {
  const { deploymentId } = getConfig();
  return useQuery({
    queryKey: [name, deploymentId, id],
    enabled: id !== undefined,
    queryFn: ({ signal }) => read(id!, signal),
    retry: false,
    refetchInterval: (query) => refetchEvery(query.state.data),
  });
}

/**
 * Indexer extras for a task (images resolved, labels revealed); absent when the indexer is down. Given the chain's
 * count of finished batches, it polls faster while the indexer has fewer (a batch just finalised), so its figures
 * catch up with the chain's within a block or two instead of up to ten seconds later (`taskSummaryPollInterval`).
 */
export function useTaskIndexerSummary(taskId: bigint | undefined, chainBatchesDone?: number) {
  const behindSince = useRef<number | null>(null);
  return useIndexerQuery("indexer-task", taskId?.toString(), indexer.task, (last) => {
    if (!isBehindChain(last, chainBatchesDone)) {
      behindSince.current = null;
      return taskSummaryPollInterval(null);
    }
    behindSince.current ??= Date.now();
    return taskSummaryPollInterval(Date.now() - behindSince.current);
  });
}

/** Milliseconds between reads of a task's indexer summary, given how long it has lagged the chain (null: it does not). */
export function taskSummaryPollInterval(behindForMs: number | null): number {
  if (behindForMs === null) return 10_000;
  // A batch just finalised: a block or two. Longer means the indexer is stuck or re-syncing; asking every second
  // would only load it further.
  return behindForMs < 30_000 ? 1_000 : 5_000;
}

/** Whether an indexer summary counts fewer finished batches than the chain does. */
export function isBehindChain(summary: { batchesDone: number } | undefined, chainBatchesDone: number | undefined): boolean {
  return summary !== undefined && chainBatchesDone !== undefined && summary.batchesDone < chainBatchesDone;
}

/**
 * A task's manifest from IPFS, verified against its CID, validated by the sdk schema and, given the task, checked
 * against its on-chain counts (a mismatch is an error). The fetch is cached per CID (a manifest can be megabytes), so
 * pages with and without the task share it. `error` says why it is missing, `retry` fetches it again (for a gateway
 * that was down).
 */
export function useManifest(cid: string | undefined, task?: ManifestExpectations): { data: TaskManifest | undefined; error: Error | null; retry: () => void } {
  const query = useQuery<TaskManifest>({
    queryKey: ["manifest", cid],
    enabled: !!cid,
    // Loaded on first use: the marketplace's first load, whose titles come from the indexer, does without it.
    queryFn: async ({ signal }) => (await import("../../lib/verifiedIpfs.ts")).fetchVerifiedManifest(cid!, signal),
    staleTime: Infinity,
    gcTime: 60 * 60_000,
    // An invalid or mismatching manifest stays so: only a gateway that did not answer is worth asking again.
    retry: (failures, error) => failures < 2 && !isPermanentManifestError(error),
  });
  const { itemCount, batchSize, classCount } = task ?? {};
  const mismatch = useMemo(() => {
    if (!query.data || itemCount === undefined || batchSize === undefined || classCount === undefined) return null;
    const mismatches = manifestMismatches(query.data, { itemCount, batchSize, classCount });
    return mismatches.length > 0 ? new ManifestTaskMismatchError(mismatches) : null;
  }, [query.data, itemCount, batchSize, classCount]);
  const { refetch } = query;
  const retry = useCallback(() => void refetch(), [refetch]);
  return mismatch ? { data: undefined, error: mismatch, retry } : { data: query.data, error: query.error, retry };
}

/** `decimals` is undefined until the token answers (or when it does not): amounts then show "…", never a guess. */
export type TokenMeta = { symbol: string; decimals: number | undefined; name: string };

export function useTokenMeta(token: Address | undefined): TokenMeta {
  const { data } = useReadContracts({
    allowFailure: true,
    contracts: token
      ? [
          { address: token, abi: erc20Abi, functionName: "symbol" },
          { address: token, abi: erc20Abi, functionName: "decimals" },
          { address: token, abi: erc20Abi, functionName: "name" },
        ]
      : [],
    query: { enabled: !!token, staleTime: Infinity },
  });
  const symbol = data?.[0]?.status === "success" ? String(data[0].result) : "tokens";
  const decimals = data?.[1]?.status === "success" ? Number(data[1].result) : undefined;
  const name = data?.[2]?.status === "success" ? String(data[2].result) : symbol;
  return { symbol, decimals, name };
}

export function useIndexerHealth() {
  return useQuery({
    queryKey: ["indexer-health", getConfig().indexerUrl],
    queryFn: ({ signal }) => indexer.health(signal),
    retry: false,
    refetchInterval: 15_000,
  });
}

/** Symbol and decimals of each token (by lowercased address), for amounts in several tokens; unread decimals stay undefined. */
export function useTokenMetas(tokens: readonly Address[]): Map<string, { symbol: string; decimals?: number }> {
  const unique = [...new Set(tokens.map((t) => t.toLowerCase()))] as Address[];
  const { data } = useReadContracts({
    allowFailure: true,
    contracts: unique.flatMap((address) => [
      { address, abi: erc20Abi, functionName: "decimals" } as const,
      { address, abi: erc20Abi, functionName: "symbol" } as const,
    ]),
    query: { enabled: unique.length > 0, staleTime: Infinity },
  });
  const out = new Map<string, { symbol: string; decimals?: number }>();
  unique.forEach((token, i) => {
    const decimals = data?.[2 * i];
    const symbol = data?.[2 * i + 1];
    out.set(token, {
      decimals: decimals?.status === "success" ? Number(decimals.result) : undefined,
      symbol: symbol?.status === "success" ? String(symbol.result) : "tokens",
    });
  });
  return out;
}

import { useQuery } from "@tanstack/react-query";
import { erc20Abi, type Address, type PublicClient } from "viem";
import { usePublicClient, useReadContracts } from "wagmi";
import type { TaskManifest } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { fetchTaskFromChain, fetchTasksFromChain, mergeTask, readTask, type TaskView } from "../../lib/chainTasks.ts";
import { indexer, type TaskSummary } from "../../lib/indexer.ts";
import { fetchVerifiedManifest } from "../../lib/ipfs.ts";

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
    eligible: s.eligible,
    source: "indexer",
  };
}

export type TaskListResult = { tasks: TaskView[]; source: "indexer" | "chain"; indexerError?: string };

/** Marketplace list: the indexer when it answers, else the chain (TaskCreated logs + getTask). */
export function useTaskList(status: "open" | "closed" | "all", eligibleFor?: Address) {
  const client = usePublicClient();
  const { deploymentId } = getConfig();
  return useQuery({
    queryKey: ["tasks", deploymentId, status, eligibleFor ?? null],
    queryFn: async ({ signal }): Promise<TaskListResult> => {
      try {
        const page = await indexer.tasks({ status, eligibleFor, limit: 100 }, signal);
        const tasks = page.items.map(fromSummary);
        // Money and gates come from the chain even when the list comes from the indexer.
        if (client) {
          const states = await Promise.allSettled(tasks.map((t) => readTask(client as PublicClient, t.id)));
          states.forEach((state, i) => {
            if (state.status !== "fulfilled") return;
            const t = tasks[i]!;
            tasks[i] = mergeTask(t.id, state.value, { manifestCid: t.manifestCid, claimTtl: state.value.claimTtl, commitWindow: state.value.commitWindow, revealWindow: state.value.revealWindow }, {
              title: t.title,
              itemsResolved: t.itemsResolved,
              labelsRevealed: t.labelsRevealed,
              createdAt: t.createdAt,
              eligible: t.eligible,
              source: "indexer",
            });
          });
        }
        return { tasks, source: "indexer" };
      } catch (error) {
        if (!client) throw error;
        const all = await fetchTasksFromChain(client as PublicClient);
        const now = Date.now() / 1000;
        const tasks = all.filter((t) => (status === "all" ? true : status === "open" ? !t.closed && t.deadline > now : t.closed || t.deadline <= now));
        return { tasks, source: "chain", indexerError: (error as Error).message };
      }
    },
    refetchInterval: 10_000,
  });
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
 * indexer is down the page says so at once and reads the chain instead. Refreshed every 10 s.
 */
export function useIndexerQuery<T>(name: string, id: string | undefined, read: (id: string, signal: AbortSignal) => Promise<T>) {
  const { deploymentId } = getConfig();
  return useQuery({
    queryKey: [name, deploymentId, id],
    enabled: id !== undefined,
    queryFn: ({ signal }) => read(id!, signal),
    retry: false,
    refetchInterval: 10_000,
  });
}

/** Indexer extras for a task (progress, agreement); absent when the indexer is down. */
export function useTaskIndexerSummary(taskId: bigint | undefined) {
  return useIndexerQuery("indexer-task", taskId?.toString(), indexer.task);
}

/** The task manifest from IPFS, verified against its CID and validated by the sdk schema. */
export function useManifest(cid: string | undefined) {
  return useQuery<TaskManifest>({
    queryKey: ["manifest", cid],
    enabled: !!cid,
    queryFn: ({ signal }) => fetchVerifiedManifest(cid!, signal),
    staleTime: Infinity,
    gcTime: 60 * 60_000,
    retry: 2,
  });
}

export type TokenMeta = { symbol: string; decimals: number; name: string };

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
  const decimals = data?.[1]?.status === "success" ? Number(data[1].result) : 18;
  const name = data?.[2]?.status === "success" ? String(data[2].result) : symbol;
  return { symbol, decimals, name };
}

export function useIndexerHealth() {
  return useQuery({
    queryKey: ["indexer-health", getConfig().indexerUrl],
    queryFn: async ({ signal }) => {
      await indexer.health(signal);
      return true;
    },
    retry: false,
    refetchInterval: 15_000,
  });
}

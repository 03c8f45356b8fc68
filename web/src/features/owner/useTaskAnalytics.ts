import { useQuery, useQueryClient } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { PublicClient } from "viem";
import {
  aggregateDataset,
  countResolved,
  datasetSourceFromLogs,
  hasRevealedLabels,
  mergeTaskLogs,
  readBatchViews,
  readTaskLogsInRange,
  type DatasetSource,
  type DawidSkeneResult,
  type TaskLogs,
} from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { polledLogsSince } from "../../lib/chainLogs.ts";
import { fetchVerifiedManifest } from "../../lib/verifiedIpfs.ts";
import { indexer } from "../../lib/indexer.ts";
import { useIndexerQuery } from "../tasks/queries.ts";

/**
 * A task's events from `createdBlock` (its TaskCreated's block; unknown: the deployment's start). Finalized blocks
 * are read once per tab (`polledLogsSince`). On a chain months old, starting at the task instead of
 * the deployment spares that first read hundreds of getLogs requests.
 */
export function readTaskLogs(client: PublicClient, taskId: bigint, createdBlock: bigint | undefined): Promise<TaskLogs> {
  const config = getConfig();
  return polledLogsSince(
    `${config.deploymentId}:task-logs:${taskId}`,
    client,
    (fromBlock, toBlock) => readTaskLogsInRange({ client, contract: config.crowdlabel, taskId, fromBlock, toBlock }).then((logs) => [logs]),
    createdBlock,
  ).then(mergeTaskLogs);
}

/** A task's full label data rebuilt from its events, with its manifest from IPFS (verified against its CID). */
function sourceFromLogs(logs: TaskLogs, taskId: bigint): Promise<DatasetSource> {
  const config = getConfig();
  return datasetSourceFromLogs({ logs, loadManifest: (cid) => fetchVerifiedManifest(cid), chainId: config.chainId, contract: config.crowdlabel, taskId });
}

/** A task's full label data rebuilt from chain events (read from `createdBlock` when known), its manifest from IPFS (verified against its CID). */
export async function loadDatasetSource(client: PublicClient, taskId: bigint, createdBlock?: bigint): Promise<DatasetSource> {
  return sourceFromLogs(await readTaskLogs(client, taskId, createdBlock), taskId);
}

/** Which events the logs hold: equal for two reads of the same events (a reorg that replaces one changes its block hash). */
export function taskLogsVersion(logs: TaskLogs): string {
  return Object.values(logs)
    .map((list: readonly { blockHash: string | null; logIndex: number | null }[]) => `${list.length}:${list.at(-1)?.blockHash ?? ""}:${list.at(-1)?.logIndex ?? ""}`)
    .join("|");
}

export const datasetSourceKey = (taskId: bigint | undefined) => ["dataset-source", getConfig().deploymentId, taskId?.toString()] as const;

type DatasetData = { source: DatasetSource; ds: DawidSkeneResult | undefined; version: string };

/**
 * The task's full label data rebuilt from chain events (the source of exports) plus Dawid-Skene over it. Waits for
 * the task's `createdBlock` (from the chain read of the task) so the events are read from there. Polled every 15 s:
 * each poll reads only recent blocks, and while no event changed it keeps the last answer (no rebuild, no refit).
 */
export function useDatasetSource(taskId: bigint | undefined, createdBlock: bigint | undefined) {
  const client = usePublicClient() as PublicClient | undefined;
  const queryClient = useQueryClient();
  const key = datasetSourceKey(taskId);
  return useQuery({
    queryKey: key,
    enabled: taskId !== undefined && createdBlock !== undefined && !!client,
    queryFn: async (): Promise<DatasetData> => {
      const logs = await readTaskLogs(client!, taskId!, createdBlock);
      const version = taskLogsVersion(logs);
      const previous = queryClient.getQueryData<DatasetData>(key);
      if (previous?.version === version) return previous;
      const source = await sourceFromLogs(logs, taskId!);
      const ds = hasRevealedLabels(source) ? aggregateDataset(source) : undefined;
      return { source, ds, version };
    },
    refetchInterval: 15_000,
  });
}

export function useTaskStats(taskId: bigint | undefined) {
  return useIndexerQuery("indexer-stats", taskId?.toString(), indexer.stats);
}

export type BatchRow = { batchId: number; phase: number; round: number; committed: number; revealed: number; slots: number; resolved: number; itemCount: number; revealOpensAt: number };

/** Batches per page of the dashboard's batch table: one chain read each, every 5 s while shown. */
export const BATCH_PAGE_SIZE = 50;

/**
 * The phase of one page of batches, read from the chain while `enabled` (the table is shown): a task may have
 * thousands of batches, and reading all of them every 5 s would hammer the RPC.
 */
export function useBatchPhases(taskId: bigint | undefined, batchCount: number, page: number, enabled: boolean) {
  const client = usePublicClient() as PublicClient | undefined;
  const config = getConfig();
  const first = page * BATCH_PAGE_SIZE;
  const count = Math.max(0, Math.min(BATCH_PAGE_SIZE, batchCount - first));
  return useQuery({
    queryKey: ["batch-phases", config.deploymentId, taskId?.toString(), batchCount, page],
    enabled: enabled && taskId !== undefined && !!client && count > 0,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<BatchRow[]> => {
      const batchIds = Array.from({ length: count }, (_, k) => first + k);
      const views = await readBatchViews(client!, { contract: config.crowdlabel, taskId: taskId!, batchIds });
      return views.map((b) => ({
        batchId: b.batchId,
        phase: b.phase,
        round: b.round,
        committed: b.committed,
        revealed: b.revealed,
        slots: b.roundEnd - b.roundStart,
        resolved: countResolved(b.resolvedMask),
        itemCount: b.itemCount,
        revealOpensAt: b.revealOpensAt,
      }));
    },
    refetchInterval: 5_000,
  });
}

import { useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import type { PublicClient } from "viem";
import { aggregateDataset, countResolved, crowdlabelAbi, hasRevealedLabels, readDatasetSource, type DatasetSource } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { fetchVerifiedManifest } from "../../lib/ipfs.ts";
import { indexer } from "../../lib/indexer.ts";
import { useIndexerQuery } from "../tasks/queries.ts";

/** A task's full label data rebuilt from chain events, its manifest from IPFS (verified against its CID). */
export function loadDatasetSource(client: PublicClient, taskId: bigint): Promise<DatasetSource> {
  const config = getConfig();
  return readDatasetSource({ client, contract: config.crowdlabel, taskId, fromBlock: config.startBlock, loadManifest: (cid) => fetchVerifiedManifest(cid) });
}

export const datasetSourceKey = (taskId: bigint | undefined) => ["dataset-source", getConfig().deploymentId, taskId?.toString()] as const;

/** The task's full label data rebuilt from chain events (the source of exports) plus Dawid-Skene over it. */
export function useDatasetSource(taskId: bigint | undefined) {
  const client = usePublicClient() as PublicClient | undefined;
  return useQuery({
    queryKey: datasetSourceKey(taskId),
    enabled: taskId !== undefined && !!client,
    queryFn: async () => {
      const source = await loadDatasetSource(client!, taskId!);
      const ds = hasRevealedLabels(source) ? aggregateDataset(source) : undefined;
      return { source, ds };
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
    queryFn: async (): Promise<BatchRow[]> =>
      Promise.all(
        Array.from({ length: count }, async (_, k) => {
          const batchId = first + k;
          const [b, phase, revealOpensAt, itemCount] = await client!.readContract({
            address: config.crowdlabel,
            abi: crowdlabelAbi,
            functionName: "getBatch",
            args: [taskId!, batchId],
          });
          return {
            batchId,
            phase,
            round: b.round,
            committed: b.committed,
            revealed: b.revealed,
            slots: b.roundEnd - b.roundStart,
            resolved: countResolved(b.resolvedMask),
            itemCount: Number(itemCount),
            revealOpensAt: Number(revealOpensAt),
          };
        }),
      ),
    refetchInterval: 5_000,
  });
}

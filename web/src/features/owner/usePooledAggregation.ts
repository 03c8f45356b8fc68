import { useMemo } from "react";
import { useQueries } from "@tanstack/react-query";
import { usePublicClient, useAccount } from "wagmi";
import type { PublicClient } from "viem";
import { aggregateDatasets, type DatasetSource, type DawidSkeneResult } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { fetchVerifiedManifest } from "../../lib/verifiedIpfs.ts";
import { useOwnerTasks } from "../tasks/queries.ts";
import { loadDatasetSource } from "./useTaskAnalytics.ts";

export type PoolCandidate = { id: bigint; title: string; itemCount: number; batchesDone: number; batchCount: number; createdBlock?: bigint };

/** A task to pool with: its id and, when known, the block its events start at. */
export type PoolTask = Pick<PoolCandidate, "id" | "createdBlock">;

const classNames = (names: readonly { name: string }[]) => names.map((c) => c.name).join("\u0000");

/**
 * The connected owner's other tasks that label with exactly this task's classes (names and order, read from each
 * task's verified manifest): the tasks whose labels a Dawid-Skene model may be pooled with.
 */
export function usePoolCandidates(source: DatasetSource | undefined): { candidates: PoolCandidate[]; checking: boolean } {
  const { address } = useAccount();
  const { data } = useOwnerTasks(address);
  const config = getConfig();
  const sameShape = (data?.tasks ?? []).filter((t) => source && t.id !== source.task.id && t.classCount === source.task.classCount);
  const manifests = useQueries({
    queries: sameShape.map((t) => ({
      queryKey: ["manifest", config.deploymentId, t.manifestCid],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchVerifiedManifest(t.manifestCid, signal),
      staleTime: Number.POSITIVE_INFINITY,
      retry: 1,
    })),
  });
  const wanted = source ? classNames(source.manifest.classes) : "";
  const candidates = sameShape.flatMap((t, i) => {
    const manifest = manifests[i]?.data;
    return manifest && classNames(manifest.classes) === wanted
      ? [{ id: t.id, title: t.title ?? manifest.title, itemCount: t.itemCount, batchesDone: t.batchesDone, batchCount: t.batchCount, createdBlock: t.createdBlock }]
      : [];
  });
  return { candidates, checking: manifests.some((m) => m.isLoading) };
}

export type PooledAggregation = {
  /** This task's Dawid-Skene verdicts from the model fitted over it and `pooledWith`; undefined until every task loaded. */
  aggregation: DawidSkeneResult | undefined;
  loading: boolean;
  error: string | undefined;
  labels: number;
  annotators: number;
};

/** Loads the pooled tasks from chain + IPFS and fits one Dawid-Skene model over them and `source` (sdk `aggregateDatasets`). */
export function usePooledAggregation(source: DatasetSource | undefined, pool: readonly PoolTask[]): PooledAggregation {
  const client = usePublicClient() as PublicClient | undefined;
  const config = getConfig();
  const pooledWith = pool.map((t) => t.id);
  const others = useQueries({
    queries: pool.map(({ id, createdBlock }) => ({
      queryKey: ["pool-source", config.deploymentId, id.toString()],
      queryFn: () => loadDatasetSource(client!, id, createdBlock),
      enabled: !!client,
      staleTime: 15_000,
    })),
  });
  const loaded = others.every((q) => q.data !== undefined);
  const loadError = others.find((q) => q.error)?.error;
  const dataKey = others.map((q) => q.dataUpdatedAt).join(",");
  const fitted = useMemo(() => {
    if (!source || pooledWith.length === 0 || !loaded) return undefined;
    try {
      const pooled = aggregateDatasets([source, ...others.map((q) => q.data!)]);
      return { aggregation: pooled.byTask.get(source.task.id), labels: pooled.data.label.length, annotators: pooled.data.workerCount, error: undefined };
    } catch (error) {
      return { aggregation: undefined, labels: 0, annotators: 0, error: (error as Error).message };
    }
    // `others` is a new array every render; its data changes exactly when dataKey does.
  }, [source, pooledWith.join(","), loaded, dataKey]);
  return {
    aggregation: fitted?.aggregation,
    loading: pooledWith.length > 0 && !loaded && !loadError,
    error: loadError ? `Could not load a pooled task: ${(loadError as Error).message}` : fitted?.error,
    labels: fitted?.labels ?? 0,
    annotators: fitted?.annotators ?? 0,
  };
}

import { useQuery } from "@tanstack/react-query";
import { useAccount, usePublicClient } from "wagmi";
import { readClaimAvailability } from "@crowdlabel/sdk";
import type { Address, PublicClient } from "viem";
import { getConfig } from "../../config/appConfig.ts";
import { indexer } from "../../lib/indexer.ts";
import { claimTimes, type TaskView } from "../../lib/chainTasks.ts";
import type { ClaimAvailabilityView } from "./claimAvailabilityText.ts";

/** The most batches one claim request takes (the contract's MAX_CLAIMS_PER_REQUEST): no need to count further. */
export const MAX_CLAIM = 16;

/** Which batches assign could give the annotator now, read from the chain at its head; stops at `enough`. */
export async function readClaimableFromChain(client: PublicClient, task: TaskView, annotator: Address, enough: number): Promise<ClaimAvailabilityView & { now: number }> {
  const a = await readClaimAvailability(client, { contract: getConfig().crowdlabel, taskId: task.id, batchCount: task.batchCount, task: claimTimes(task), annotator, enough });
  return { claimableBatches: a.claimableBatches, blocked: a.blocked, nextFreeAt: a.nextFreeAt, nextRoundAt: a.nextRoundAt, complete: a.scanned === task.batchCount, now: a.now };
}

/**
 * The batches of an open task that have a free slot for the connected annotator: the indexer's count when it answers
 * (one request, every batch), else read from the chain up to a request's worth. Off while claims are closed.
 */
export function useClaimAvailability(task: TaskView, enabled: boolean) {
  const { address } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const config = getConfig();
  return useQuery({
    queryKey: ["claim-availability", config.deploymentId, task.id.toString(), address],
    enabled: enabled && !!address && !!client,
    queryFn: async ({ signal }): Promise<ClaimAvailabilityView & { source: "indexer" | "chain" }> => {
      try {
        const next = await indexer.nextBatches(task.id.toString(), address!, signal);
        if (next.eligible) return { claimableBatches: next.openBatches, blocked: next.blocked, nextFreeAt: next.nextFreeAt, nextRoundAt: next.nextRoundAt ?? null, complete: true, source: "indexer" };
      } catch {
        // the indexer is down or behind an older version: the chain answers
      }
      return { ...(await readClaimableFromChain(client!, task, address!, MAX_CLAIM)), source: "chain" };
    },
    // Read from the chain, a task with nothing left costs a read per batch: poll that more gently.
    refetchInterval: (query) => (query.state.data?.source === "chain" ? 30_000 : 8_000),
  });
}

import type { Address, PublicClient } from "viem";
import { crowdlabelAbi } from "../generated/abis.ts";

/** `getBatch`'s phase (ICrowdlabel.BatchPhase). */
export const BatchPhase = { Open: 0, Reveal: 1, Finalisable: 2, Done: 3 } as const;

/** One batch's current round as `getBatch` returns it, flattened. */
export type BatchView = {
  batchId: number;
  phase: number;
  round: number;
  /** The round's slots are `roundStart` to `roundEnd` (exclusive); earlier slots belong to earlier rounds. */
  roundStart: number;
  roundEnd: number;
  committed: number;
  revealed: number;
  /** When the round's reveal opens (0 while it has no commit). */
  revealOpensAt: number;
  itemCount: number;
  /** Bit i: item i has a consensus. */
  resolvedMask: bigint;
};

/** `getBatch` reads in flight at once: a task may have thousands of batches. */
const READ_CONCURRENCY = 32;

/** Reads up to `concurrency` values at once, in order. */
export async function readChunked<T, R>(inputs: readonly T[], read: (input: T) => Promise<R>, concurrency = READ_CONCURRENCY): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < inputs.length; i += concurrency) out.push(...(await Promise.all(inputs.slice(i, i + concurrency).map(read))));
  return out;
}

/** `getBatch` of each batch (every batch of the task when `batchIds` is a range over `batchCount`), in order. */
export async function readBatchViews(client: PublicClient, args: { contract: Address; taskId: bigint; batchIds: readonly number[] }): Promise<BatchView[]> {
  const read = await readChunked(args.batchIds, (batchId) =>
    client.readContract({ address: args.contract, abi: crowdlabelAbi, functionName: "getBatch", args: [args.taskId, batchId] }),
  );
  return read.map(([b, phase, revealOpensAt, itemCount], i) => ({
    batchId: args.batchIds[i]!,
    phase,
    round: b.round,
    roundStart: b.roundStart,
    roundEnd: b.roundEnd,
    committed: b.committed,
    revealed: b.revealed,
    revealOpensAt: Number(revealOpensAt),
    itemCount: Number(itemCount),
    resolvedMask: b.resolvedMask,
  }));
}

/** How a task's batches stand, for "nothing to finalise now": counts per phase and the earliest next step. */
export type BatchPhaseSummary = {
  /** Open with commits in their round: waiting for the rest, or for the commit window to end. */
  committing: number;
  /** Open without a commit in their round. */
  idle: number;
  revealing: number;
  finalisable: number;
  done: number;
  /** Earliest reveal opening among `committing` batches (unix seconds), if any. */
  firstRevealOpensAt?: number;
  /** Earliest end of a reveal window among `revealing` batches, if any. */
  firstRevealEndsAt?: number;
};

export function summariseBatchPhases(batches: readonly BatchView[], revealWindow: number): BatchPhaseSummary {
  const earliest = (times: number[]) => (times.length ? Math.min(...times) : undefined);
  const committing = batches.filter((b) => b.phase === BatchPhase.Open && b.revealOpensAt > 0);
  const revealing = batches.filter((b) => b.phase === BatchPhase.Reveal);
  return {
    committing: committing.length,
    idle: batches.filter((b) => b.phase === BatchPhase.Open && b.revealOpensAt === 0).length,
    revealing: revealing.length,
    finalisable: batches.filter((b) => b.phase === BatchPhase.Finalisable).length,
    done: batches.filter((b) => b.phase === BatchPhase.Done).length,
    firstRevealOpensAt: earliest(committing.map((b) => b.revealOpensAt)),
    firstRevealEndsAt: earliest(revealing.map((b) => b.revealOpensAt + revealWindow)),
  };
}

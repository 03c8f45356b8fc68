import type { Config } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import { WaitForTransactionReceiptTimeoutError, type Hex, type ReplacementReason, type TransactionReceipt } from "viem";
import { decodeTxError, replacedError, revertedOnChainError, type DecodedTxError } from "./decodeTxError.ts";
import type { TrackedTx } from "./useTxStore.ts";

/** How long a transaction's sender waits for its receipt before getting control back (the watch goes on). */
export const RECEIPT_WAIT_MS = 3 * 60_000;
/** How long a transaction is watched after that, or after a reload, before it counts as lost. */
export const LATE_RECEIPT_WAIT_MS = 30 * 60_000;

export type TxOutcome =
  | { status: "confirmed"; receipt: TransactionReceipt }
  | { status: "failed"; error: DecodedTxError; cancelled: boolean }
  | { status: "timeout" };

/**
 * Waits for a sent transaction's receipt: confirmed; failed with the decoded revert, or because the wallet cancelled or
 * replaced it (a speed-up, "repriced", is the same call and confirms); or no receipt within `timeoutMs`.
 */
export async function watchTx(config: Config, { chainId, hash, timeoutMs }: { chainId: number; hash: Hex; timeoutMs: number }): Promise<TxOutcome> {
  let replacement: ReplacementReason | undefined;
  try {
    // wagmi throws on a reverted receipt, so the catch below reports it.
    const receipt = await waitForTransactionReceipt(config, {
      chainId,
      hash,
      pollingInterval: 500,
      timeout: timeoutMs,
      onReplaced: (r) => {
        replacement = r.reason;
      },
    });
    if (replacement === "cancelled" || replacement === "replaced") return { status: "failed", error: replacedError(replacement), cancelled: replacement === "cancelled" };
    return { status: "confirmed", receipt };
  } catch (error) {
    if (error instanceof WaitForTransactionReceiptTimeoutError) return { status: "timeout" };
    // wagmi replays a reverted transaction for its reason: a revert decodes as usual, but if the replay now succeeds
    // it throws a plain Error whose message is the call's return data read as text.
    return { status: "failed", error: error instanceof Error && error.constructor === Error ? revertedOnChainError(hash) : decodeTxError(error), cancelled: false };
  }
}

/** Not confirmed yet when its sender stops waiting: it may still go through. */
export function stillPendingError(waitedMs: number): DecodedTxError {
  return {
    kind: "unknown",
    title: `Not confirmed after ${Math.round(waitedMs / 60_000)} minutes.`,
    fix: "It may still go through: the activity log updates when it does. If your wallet shows it stuck, speed it up or cancel it there.",
  };
}

/** The activity log's entry for a transaction once watched: its outcome, or lost after the late watch. */
export function outcomePatch(outcome: TxOutcome): Pick<TrackedTx, "status"> & Partial<Pick<TrackedTx, "error">> {
  if (outcome.status === "confirmed") return { status: "confirmed" };
  if (outcome.status === "failed") return { status: "failed", error: outcome.error };
  return {
    status: "failed",
    error: {
      kind: "unknown",
      title: `Lost track of this transaction: no receipt after ${Math.round(LATE_RECEIPT_WAIT_MS / 60_000)} minutes.`,
      fix: "Check your wallet's activity: it was dropped, or is still waiting there (speed it up or cancel it).",
    },
  };
}

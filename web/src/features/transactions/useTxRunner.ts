import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAccount, useConfig } from "wagmi";
import type { Hex, TransactionReceipt } from "viem";
import { decodeTxError, wrongNetworkError, type DecodedTxError } from "./decodeTxError.ts";
import { LATE_RECEIPT_WAIT_MS, RECEIPT_WAIT_MS, outcomePatch, stillPendingError, watchTx } from "./watchTx.ts";
import { useTxConfirmStore, type TxExplanation } from "./useTxConfirmStore.ts";
import { useTxStore } from "./useTxStore.ts";
import { getConfig } from "../../config/appConfig.ts";

export type TxResult =
  | { ok: true; hash: Hex; receipt: TransactionReceipt }
  /** `pendingHash`: sent, but not confirmed when its sender stopped waiting (it is still watched and may go through). */
  | { ok: false; cancelled: boolean; error?: DecodedTxError; pendingHash?: Hex };

export type RunTxOptions = {
  explanation: TxExplanation;
  /** Dry run first (simulateContract): a revert is explained without spending gas. */
  simulate?: () => Promise<unknown>;
  send: () => Promise<Hex>;
  /** Skip the explanation dialog (for a step the user already approved as part of a flow). */
  skipConfirm?: boolean;
};

/**
 * Every transaction goes through here: explained and confirmed, dry-run, signed, then tracked
 * (pending -> confirmed / failed with the decoded error) in the persisted activity log. A receipt that takes longer
 * than `RECEIPT_WAIT_MS` gives the caller "still pending" and goes on being watched.
 */
export function useTxRunner() {
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const { address, chainId: walletChainId } = useAccount();
  const ask = useTxConfirmStore((s) => s.ask);
  const add = useTxStore((s) => s.add);
  const update = useTxStore((s) => s.update);

  return useCallback(
    async ({ explanation, simulate, send, skipConfirm }: RunTxOptions): Promise<TxResult> => {
      const chainId = getConfig().chainId;
      const base = { chainId, account: address ?? "", title: explanation.title };
      // A wallet on another network would sign for that network and pay its gas; refuse before asking.
      if (walletChainId !== undefined && walletChainId !== chainId) {
        const error = wrongNetworkError(walletChainId, chainId);
        add({ ...base, status: "failed", error });
        return { ok: false, cancelled: false, error };
      }
      if (!skipConfirm && !(await ask(explanation))) return { ok: false, cancelled: true };
      try {
        if (simulate) await simulate();
      } catch (error) {
        const decoded = decodeTxError(error);
        add({ ...base, status: "failed", error: decoded });
        return { ok: false, cancelled: false, error: decoded };
      }
      let hash: Hex;
      try {
        hash = await send();
      } catch (error) {
        const decoded = decodeTxError(error);
        add({ ...base, status: "failed", error: decoded });
        return { ok: false, cancelled: decoded.kind === "rejected", error: decoded };
      }
      const id = add({ ...base, hash, status: "pending" });
      const outcome = await watchTx(wagmiConfig, { chainId, hash, timeoutMs: RECEIPT_WAIT_MS });
      if (outcome.status === "timeout") {
        // Give the page back (its buttons wait on this call) and keep watching for the log.
        void watchTx(wagmiConfig, { chainId, hash, timeoutMs: LATE_RECEIPT_WAIT_MS }).then(async (late) => {
          update(id, outcomePatch(late));
          if (late.status === "confirmed") await queryClient.invalidateQueries();
        });
        return { ok: false, cancelled: false, error: stillPendingError(RECEIPT_WAIT_MS), pendingHash: hash };
      }
      update(id, outcomePatch(outcome));
      if (outcome.status === "failed") return { ok: false, cancelled: outcome.cancelled, error: outcome.error };
      await queryClient.invalidateQueries();
      return { ok: true, hash, receipt: outcome.receipt };
    },
    [ask, add, update, address, walletChainId, wagmiConfig, queryClient],
  );
}

import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAccount, useConfig } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import type { Hex, ReplacementReason, TransactionReceipt } from "viem";
import { decodeTxError, replacedError, revertedOnChainError, wrongNetworkError, type DecodedTxError } from "./decodeTxError.ts";
import { useTxConfirmStore, type TxExplanation } from "./useTxConfirmStore.ts";
import { useTxStore } from "./useTxStore.ts";
import { getConfig } from "../../config/appConfig.ts";

export type TxResult =
  | { ok: true; hash: Hex; receipt: TransactionReceipt }
  | { ok: false; cancelled: boolean; error?: DecodedTxError };

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
 * (pending -> confirmed / failed with the decoded error) in the persisted activity log.
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
      try {
        let replacement: ReplacementReason | undefined;
        // wagmi throws on a reverted receipt, so the catch below reports it.
        const receipt = await waitForTransactionReceipt(wagmiConfig, {
          chainId,
          hash,
          pollingInterval: 500,
          onReplaced: (r) => {
            replacement = r.reason;
          },
        });
        // A speed-up ("repriced") is the same call; a cancel or a different transaction at the same nonce is not.
        if (replacement === "cancelled" || replacement === "replaced") {
          const error = replacedError(replacement);
          update(id, { status: "failed", error });
          return { ok: false, cancelled: replacement === "cancelled", error };
        }
        update(id, { status: "confirmed" });
        await queryClient.invalidateQueries();
        return { ok: true, hash, receipt };
      } catch (error) {
        // wagmi replays a reverted transaction for its reason: a revert decodes as usual, but if the replay now succeeds
        // it throws a plain Error whose message is the call's return data read as text.
        const decoded = error instanceof Error && error.constructor === Error ? revertedOnChainError(hash) : decodeTxError(error);
        update(id, { status: "failed", error: decoded });
        return { ok: false, cancelled: false, error: decoded };
      }
    },
    [ask, add, update, address, walletChainId, wagmiConfig, queryClient],
  );
}

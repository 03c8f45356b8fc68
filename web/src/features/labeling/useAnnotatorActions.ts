import { useCallback } from "react";
import { useAccount, usePublicClient, useSignTypedData, useWriteContract } from "wagmi";
import { erc20Abi, maxUint256, type Hex, type PublicClient } from "viem";
import { FINALISE_TX_GAS_BUDGET, crowdlabelAbi, finaliseGasBudget, deriveSalt, encodeCommitment, groupFinalisations, needsAllowanceReset, packLabels, saltSigningMessage, type FinaliseInput } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { allowanceResetExplanation, approveTx } from "../transactions/tokenApproval.ts";
import { useTxRunner, type TxResult } from "../transactions/useTxRunner.ts";
import { useTxConfirmStore } from "../transactions/useTxConfirmStore.ts";
import { decodeTxError, wrongNetworkError, type DecodedTxError } from "../transactions/decodeTxError.ts";
import { useTxStore } from "../transactions/useTxStore.ts";
import { REVEAL_STORE, revealKey, useRevealStore, type RevealRecord } from "./useRevealStore.ts";
import { isSaved } from "../../lib/localWrites.ts";
import { saltSignatureCache, signatureKey } from "./saltSignatures.ts";
import { revealedVectors } from "../../lib/chainWork.ts";
import { batchesText, formatAmount, formatExactAmount } from "../../ui/format.ts";
import type { TaskView } from "../../lib/chainTasks.ts";
import type { TokenMeta } from "../tasks/queries.ts";
import { claimRequestState, SEED_HASH_BLOCKS, type ClaimRequestFields, type ClaimRequestState } from "./claimRequestState.ts";
import type { TxExplanation } from "../transactions/useTxConfirmStore.ts";
import { readClaimableFromChain } from "../tasks/useClaimAvailability.ts";
import { claimAvailabilityText, type ClaimAvailabilityView } from "../tasks/claimAvailabilityText.ts";

/** "#3, #4, #9" (the first 12, then how many more). */
const batchIdList = (ids: readonly number[]) => ids.slice(0, 12).map((id) => `#${id}`).join(", ") + (ids.length > 12 ? ` and ${ids.length - 12} more` : "");

/** A commit refused because its reveal record is not in localStorage (the browser's storage is full). */
export const UNSAVED_LABELS: DecodedTxError = {
  kind: "unknown",
  title: "Not committed: this browser could not save your labels for the reveal (its storage for this site is full).",
  fix: "Nothing was sent. Make room with the storage alert at the top of the page, then commit again; your labels are still in this tab.",
};

export type CommitItem = { taskId: bigint; batchId: number; slot: number; labels: number[]; classCount: number };

type Outcome = TxResult | { ok: false; cancelled: boolean; error?: DecodedTxError };

/** Claim, assign, commit (many batches), reveal (all pending) and finalise: each explained, then tracked. */
export function useAnnotatorActions() {
  const { address, chainId: walletChainId } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const { writeContractAsync } = useWriteContract();
  const { signTypedDataAsync } = useSignTypedData();
  const run = useTxRunner();
  const ask = useTxConfirmStore((s) => s.ask);
  const addTx = useTxStore((s) => s.add);
  const config = getConfig();

  const simulate = useCallback(
    (functionName: "requestClaim" | "assign" | "commit" | "reveal" | "finalise" | "finaliseBatches", args: readonly unknown[]) => async () => {
      if (!client || !address) throw new Error("Not connected");
      await client.simulateContract({ account: address, address: config.crowdlabel, abi: crowdlabelAbi, functionName, args } as never);
    },
    [client, address, config.crowdlabel],
  );

  /** requestClaim (approving the bond first if needed), then assign in the next block. */
  const claim = useCallback(
    async (task: TaskView, asked: number, token: TokenMeta): Promise<Outcome> => {
      if (!address || !client) return { ok: false, cancelled: true };
      const failed = (error: DecodedTxError): Outcome => {
        addTx({ chainId: config.chainId, account: address, title: "Claim batches", status: "failed", error });
        return { ok: false, cancelled: false, error };
      };
      // The draw only picks batches with a slot for this annotator: asking for more posts bonds that only come back as credit.
      let available: ClaimAvailabilityView & { now: number };
      let allowance = 0n;
      let balance = 0n;
      try {
        [available, [allowance, balance]] = await Promise.all([
          readClaimableFromChain(client, task, address, asked),
          task.bondPerClaim > 0n
            ? Promise.all([
                client.readContract({ address: task.token, abi: erc20Abi, functionName: "allowance", args: [address, config.crowdlabel] }),
                client.readContract({ address: task.token, abi: erc20Abi, functionName: "balanceOf", args: [address] }),
              ])
            : Promise.resolve([0n, 0n] as const),
        ]);
      } catch (error) {
        return failed(decodeTxError(error));
      }
      if (available.claimableBatches === 0) {
        const { headline, reasons, next } = claimAvailabilityText(available, available.now, task.claimTtl);
        const why = reasons.length ? ` Of its ${batchesText(task.batchCount)}: ${reasons.join("; ")}.` : "";
        return failed({ kind: "unknown", title: headline, fix: `Nothing was sent.${why}${next ? ` ${next}.` : ""} Try again later, or pick another task.` });
      }
      const count = Math.min(asked, available.claimableBatches);
      const bond = task.bondPerClaim * BigInt(count);
      const reset = bond > 0n && needsAllowanceReset(allowance, bond);
      // Steps shown are the ones sent: an allowance that already covers the bond needs no approval step.
      const steps = 2 + (bond > allowance ? 1 : 0) + (reset ? 1 : 0);
      let step = 1;
      if (bond > 0n) {
        if (balance < bond) {
          const error: DecodedTxError = {
            kind: "funds",
            title: `The bond is ${formatAmount(bond, token.decimals)} ${token.symbol}; you hold ${formatAmount(balance, token.decimals)}.`,
            fix: "Top up the token (local chain: the Faucet button in the header), or claim fewer batches.",
          };
          return failed(error);
        }
        const approve = (amount: bigint) =>
          approveTx({ client, write: writeContractAsync, chainId: config.chainId, account: address, token: task.token, spender: config.crowdlabel, amount });
        if (reset) {
          const cleared = await run({ explanation: allowanceResetExplanation(token.symbol, `Step ${step} of ${steps}`), ...approve(0n) });
          if (!cleared.ok) return cleared;
          step++;
        }
        if (allowance < bond) {
          const approved = await run({
            explanation: {
              title: `Allow Crowdlabel to hold your bonds`,
              step: `Step ${step} of ${steps}`,
              summary: `Claims post a bond of ${formatExactAmount(task.bondPerClaim, token.decimals)} ${token.symbol} per batch, returned when you reveal. This approval lets the contract take bonds and budgets in ${token.symbol}.`,
              facts: [
                { label: "Token", value: token.symbol },
                { label: "Bond now", value: `${formatExactAmount(bond, token.decimals)} ${token.symbol}` },
                { label: "Allowance", value: "unlimited (revocable)" },
              ],
            },
            ...approve(maxUint256),
          });
          if (!approved.ok) return approved;
          step++;
        }
      }
      const args = [task.id, count] as const;
      const requested = await run({
        explanation: {
          title: `Claim ${count} batch${count > 1 ? "es" : ""}`,
          step: `Step ${step} of ${steps}`,
          summary: (
            `You ask for ${count} random batch${count > 1 ? "es" : ""} of task #${task.id}. The batches are drawn from the next block's hash, so nobody (you included) can pick them. ` +
            `The app assigns them right after this request; you then have ${Math.round(task.claimTtl / 60)} minutes to label and commit each.`
          ),
          facts: [
            { label: "Batches", value: count < asked ? `${count} (you asked for ${asked}; only ${batchesText(count)} ${count === 1 ? "has" : "have"} a free slot for you now)` : String(count) },
            { label: "Items", value: `up to ${count * task.batchSize}` },
            { label: "Bond", value: bond > 0n ? `${formatExactAmount(bond, token.decimals)} ${token.symbol} (returned on reveal)` : "none" },
            { label: "Reward", value: `${formatExactAmount(task.rewardPerLabel, token.decimals)} ${token.symbol} per label that matches consensus` },
          ],
          warning:
            bond > 0n
              ? `Confirm the assign step that follows: a claim not assigned within ${SEED_HASH_BLOCKS} blocks lapses and loses its bond, as does a claim you do not commit in time or a commit you do not reveal.`
              : undefined,
        },
        simulate: simulate("requestClaim", args),
        send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "requestClaim", args }),
      });
      if (!requested.ok) return requested;
      return assign(task, token, `Step ${step + 1} of ${steps}`);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [address, client, config, run, writeContractAsync, simulate, addTx],
  );

  /** assign: draws the claim's batches, or settles a lapsed claim or one on a closed or ended task (each explained). */
  const assign = useCallback(
    async (task: TaskView, token: TokenMeta, step?: string): Promise<Outcome> => {
      if (!address || !client) return { ok: false, cancelled: true };
      const args = [task.id, address] as const;
      let request: ClaimRequestFields;
      let head: { number: bigint; timestamp: bigint };
      try {
        [request, head] = await Promise.all([
          client.readContract({ address: config.crowdlabel, abi: crowdlabelAbi, functionName: "claimRequestOf", args: [task.id, address] }),
          client.getBlock(),
        ]);
      } catch (error) {
        // Right after requestClaim, the bond is posted and the 256 blocks to assign run: say so, not only what failed.
        const decoded = decodeTxError(error);
        const failed = { ...decoded, fix: `${decoded.fix} Then assign your batches from the task page within ${SEED_HASH_BLOCKS} blocks of your request, or its bond is lost.` };
        addTx({ chainId: config.chainId, account: address, title: `Assign batches of task #${task.id}`, status: "failed", error: failed });
        return { ok: false, cancelled: false, error: failed };
      }
      // The seed block must be sealed: wait for a newer block (anvil mines one per transaction, so ask it for one).
      if (head.number <= request.seedBlock && config.localWallet) {
        await client.request({ method: "evm_mine" as never, params: [] as never }).catch(() => undefined);
      }
      const state = claimRequestState(request, task, { number: head.number, timestamp: Number(head.timestamp) });
      return run({
        explanation: { ...assignExplanation(task, state, token), step },
        simulate: simulate("assign", args),
        send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "assign", args }),
      });
    },
    [address, client, config, run, writeContractAsync, simulate, addTx],
  );

  /** One signature per task gives every batch's salt (same on any device); cached for this page's life. */
  const saltSignature = useCallback(
    async (taskId: bigint): Promise<Hex | undefined> => {
      if (!address) return undefined;
      const key = signatureKey(config.deploymentId, taskId, address);
      const cached = saltSignatureCache.get(key);
      if (cached) return cached;
      const ok = await ask({
        title: "Sign to create your secret salt",
        signatureOnly: true,
        summary:
          "Your labels stay hidden until reveal by mixing them with a secret salt. The salt comes from this signature, so you can reveal from any device by signing again. It is also saved in this browser with your labels.",
        facts: [{ label: "Task", value: `#${taskId}` }],
        warning: "Sign this only on the Crowdlabel app: the signature lets its holder test guesses of your labels before you reveal.",
      });
      if (!ok) return undefined;
      try {
        const signature = await signTypedDataAsync(saltSigningMessage({ chainId: config.chainId, contract: config.crowdlabel, taskId }));
        saltSignatureCache.set(key, signature);
        return signature;
      } catch (error) {
        addTx({ chainId: config.chainId, account: address, title: "Salt signature", status: "failed", error: decodeTxError(error) });
        return undefined;
      }
    },
    [address, ask, config, signTypedDataAsync, addTx],
  );

  /** Commits many batches in one transaction; labels and salts are saved locally before it is sent. */
  const commit = useCallback(
    async (items: CommitItem[]): Promise<Outcome> => {
      if (!address || items.length === 0) return { ok: false, cancelled: true };
      const title = `Commit ${items.length} batch${items.length > 1 ? "es" : ""}`;
      // The salt signature names the app's chain: a wallet on another one would be asked for it in vain.
      if (walletChainId !== undefined && walletChainId !== config.chainId) {
        const error = wrongNetworkError(walletChainId, config.chainId);
        addTx({ chainId: config.chainId, account: address, title, status: "failed", error });
        return { ok: false, cancelled: false, error };
      }
      const saveStore = useRevealStore.getState();
      const inputs: { taskId: bigint; batchId: number; slot: number; commitment: Hex }[] = [];
      const keys: string[] = [];
      for (const item of items) {
        const signature = await saltSignature(item.taskId);
        if (!signature) return { ok: false, cancelled: true };
        const salt = deriveSalt(signature, { chainId: config.chainId, contract: config.crowdlabel, taskId: item.taskId, batchId: item.batchId });
        const labels = packLabels(item.labels, { classCount: item.classCount });
        const commitment = encodeCommitment({
          chainId: config.chainId,
          contract: config.crowdlabel,
          taskId: item.taskId,
          batchId: item.batchId,
          annotator: address,
          labels,
          salt,
        });
        const record: Omit<RevealRecord, "savedAt"> = {
          deploymentId: config.deploymentId,
          chainId: config.chainId,
          contract: config.crowdlabel,
          taskId: item.taskId.toString(),
          batchId: item.batchId,
          slot: item.slot,
          annotator: address,
          labels,
          salt,
          commitment,
          status: "prepared",
        };
        saveStore.save(record);
        keys.push(revealKey(record));
        inputs.push({ taskId: item.taskId, batchId: item.batchId, slot: item.slot, commitment });
      }
      // The reveal needs these labels after any reload: never commit labels the browser refused to save.
      if (!isSaved(REVEAL_STORE)) {
        addTx({ chainId: config.chainId, account: address, title, status: "failed", error: UNSAVED_LABELS });
        return { ok: false, cancelled: false, error: UNSAVED_LABELS };
      }
      const itemCount = items.reduce((n, i) => n + i.labels.length, 0);
      const result = await run({
        explanation: {
          title,
          summary: `Records a hash of your ${itemCount} labels on chain. Nobody can see your labels until you reveal them; they are saved in this browser for the reveal.`,
          facts: [
            { label: "Batches", value: items.map((i) => `#${i.taskId}/${i.batchId}`).join(", ") },
            { label: "Labels", value: String(itemCount) },
            { label: "Cost", value: "gas only" },
          ],
        },
        simulate: simulate("commit", [inputs]),
        send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "commit", args: [inputs] }),
      });
      if (result.ok) for (const key of keys) useRevealStore.getState().mark(key, { status: "committed", commitTx: result.hash });
      // Still pending: its batches wait for it (`useCommitPending`) rather than offer a second commit that would revert.
      else if (result.pendingHash) for (const key of keys) useRevealStore.getState().mark(key, { commitTx: result.pendingHash });
      return result;
    },
    [address, walletChainId, config, run, saltSignature, simulate, writeContractAsync, addTx],
  );

  /** Reveals every given record in one transaction. */
  const reveal = useCallback(
    async (records: RevealRecord[]): Promise<Outcome> => {
      if (!address || records.length === 0) return { ok: false, cancelled: true };
      const inputs = records.map((r) => ({ taskId: BigInt(r.taskId), batchId: r.batchId, slot: r.slot, labels: r.labels, salt: r.salt }));
      const labels = records.reduce((n, r) => n + (r.labels.length - 2) / 2, 0);
      const result = await run({
        explanation: {
          title: `Reveal ${records.length} batch${records.length > 1 ? "es" : ""}`,
          summary: `Publishes your ${labels} labels with their salts. The contract checks them against your commitments, returns your bonds, and the batches can be finalised once everyone has revealed.`,
          facts: [
            { label: "Batches", value: records.map((r) => `#${r.taskId}/${r.batchId}`).join(", ") },
            { label: "Labels", value: String(labels) },
          ],
        },
        simulate: simulate("reveal", [inputs]),
        send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "reveal", args: [inputs] }),
      });
      // Still "committed": a reorg may drop the reveal, whose labels are then needed again. The pending-reveals read
      // marks the record revealed once its block is final.
      if (result.ok) for (const r of records) useRevealStore.getState().mark(revealKey(r), { revealTx: result.hash, revealBlock: Number(result.receipt.blockNumber) });
      return result;
    },
    [address, config, run, simulate, writeContractAsync],
  );

  /**
   * Anyone may finalise: the revealed vectors are read from LabelsRevealed logs, from the task's creation block when
   * known, sized by each batch's `roundEnd` (`roundEnds`, in `batchIds` order, when the caller just read them).
   * One batch is one `finalise`; several are one `finaliseBatches` (which skips a batch someone else settled
   * meanwhile), split into more transactions only past the sdk's gas budget: then one confirmation here, and the
   * transactions in order, stopping at the first that fails or is rejected.
   */
  const finalise = useCallback(
    async (taskId: bigint, batchIds: readonly number[], taskCreatedBlock?: bigint, roundEnds?: readonly number[]): Promise<Outcome> => {
      if (!client || !address || batchIds.length === 0) return { ok: false, cancelled: true };
      const title = batchIds.length === 1 ? `Finalise batch ${batchIds[0]} of task #${taskId}` : `Finalise ${batchIds.length} batches of task #${taskId}`;
      let vectors: Hex[][];
      let gasBudget = FINALISE_TX_GAS_BUDGET;
      try {
        // The head block's gas limit sizes the transactions; read beside the logs, not after them.
        const [revealed, head] = await Promise.all([
          revealedVectors(client, { taskId, batchIds, fromBlock: taskCreatedBlock, roundEnds }),
          batchIds.length > 1 ? client.getBlock() : undefined,
        ]);
        vectors = revealed;
        if (head) gasBudget = finaliseGasBudget(head.gasLimit);
      } catch (error) {
        // Nothing was asked of the wallet yet: say so in the activity log rather than leave an unhandled rejection.
        const decoded = decodeTxError(error);
        addTx({ chainId: config.chainId, account: address, title, status: "failed", error: decoded });
        return { ok: false, cancelled: false, error: decoded };
      }
      const inputs = batchIds.map((batchId, i) => ({ batchId, labels: vectors[i]! }));
      const facts = (batches: readonly FinaliseInput[]) => [
        ...(batches.length > 1 ? [{ label: "Batches", value: batchIdList(batches.map((b) => b.batchId)) }] : []),
        { label: "Slots", value: String(batches.reduce((n, b) => n + b.labels.length, 0)) },
        { label: "Revealed", value: String(batches.reduce((n, b) => n + b.labels.filter((l) => l !== "0x").length, 0)) },
      ];
      const settles =
        "Settles the round: per item, the plurality label becomes consensus if it reaches the minimum agreement; annotators who agree are credited, bonds are returned or forfeited.";
      if (batchIds.length === 1) {
        const args = [taskId, batchIds[0]!, vectors[0]!] as const;
        return run({
          explanation: { title, summary: settles, facts: facts(inputs) },
          simulate: simulate("finalise", args),
          send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "finalise", args }),
        });
      }

      const groups = groupFinalisations(inputs, gasBudget);
      const explanation: TxExplanation = {
        title,
        summary:
          `${settles} ` +
          (groups.length === 1
            ? "One transaction settles them all; a batch someone else settles first is skipped."
            : `${groups.length} transactions (each kept under ${gasBudget.toLocaleString("en-US")} gas), sent one after another: confirm once here; your wallet asks for each. Stopping part-way leaves the ones sent finalised.`),
        facts: facts(inputs),
      };
      if (groups.length > 1 && !(await ask(explanation))) return { ok: false, cancelled: true };
      let outcome: Outcome = { ok: false, cancelled: true };
      for (const [i, group] of groups.entries()) {
        const ids = group.map((g) => g.batchId);
        const args = [taskId, group] as const;
        outcome = await run({
          explanation: groups.length > 1 ? { ...explanation, title: `Finalise batches ${batchIdList(ids)} of task #${taskId}`, step: `Transaction ${i + 1} of ${groups.length}`, facts: facts(group) } : explanation,
          skipConfirm: groups.length > 1,
          simulate: simulate("finaliseBatches", args),
          send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "finaliseBatches", args }),
        });
        if (!outcome.ok) return outcome;
      }
      return outcome;
    },
    [addTx, address, ask, client, config, run, simulate, writeContractAsync],
  );

  return { claim, assign, commit, reveal, finalise, saltSignature };
}

/** What `assign` will do with the claim, in the words of the confirmation dialog. */
function assignExplanation(task: TaskView, state: ClaimRequestState, token: TokenMeta): TxExplanation {
  const amount = (value: bigint) => `${formatExactAmount(value, token.decimals)} ${token.symbol}`;
  if (state.kind === "lapsed") {
    return {
      title: "Clear my lapsed claim",
      summary:
        `Your claim of ${batchesText(state.count)} was not assigned within ${SEED_HASH_BLOCKS} blocks of block ${state.seedBlock}, so its random draw can no longer be made. ` +
        "This clears it so you can claim again; no batches are assigned.",
      facts: [
        { label: "Task", value: `#${task.id}` },
        { label: "Bond forfeited", value: state.bond > 0n ? `${amount(state.bond)} (to the task; the owner gets it back at close)` : "none" },
      ],
      warning: "A fresh draw is not offered: the old one was known once your claim's block was mined, so redrawing for free would let anyone pick their batches.",
    };
  }
  if (state.kind === "refundable") {
    return {
      title: "Return my claim's bond",
      summary: `The task ${state.reason === "closed" ? "was closed" : "ended"} before your claim was assigned, so nothing can be drawn. This clears the claim and credits its bond back to you.`,
      facts: [
        { label: "Task", value: `#${task.id}` },
        { label: "Bond returned", value: state.bond > 0n ? amount(state.bond) : "none" },
      ],
    };
  }
  return {
    title: "Assign my batches",
    summary: "Settles your claim from the block hash that was unknown when you claimed: the contract gives you slots in random open batches.",
    facts: [{ label: "Task", value: `#${task.id}` }],
  };
}

import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useAccount, usePublicClient, useReadContracts, useSignTypedData, useWriteContract } from "wagmi";
import { erc20Abi, maxUint256, parseEventLogs, parseSignature, zeroHash, type Hex, type PublicClient, type TransactionReceipt } from "viem";
import { MAX_MANIFEST_BYTES, crowdlabelAbi, needsAllowanceReset, permitTypedData, taskBudget, testTokenAbi, validateManifest, type Eip712DomainFields, type TaskManifestInput } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { uploadJson } from "../../lib/ipfs.ts";
import { downloadBlob } from "../../lib/download.ts";
import { Alert } from "../../ui/Alert.tsx";
import { formatAmount, formatDate, formatExactAmount, countText } from "../../ui/format.ts";
import { useTxRunner } from "../transactions/useTxRunner.ts";
import { LATE_RECEIPT_WAIT_MS } from "../transactions/watchTx.ts";
import { TxHash } from "../transactions/TxHash.tsx";
import { allowanceResetExplanation, approveTx } from "../transactions/tokenApproval.ts";
import { useOwnerDraftStore } from "./useOwnerDraftStore.ts";
import { useGoldStore } from "./useGoldStore.ts";
import { batchCountOf, firstRoundCost, fundingStep } from "./budget.ts";
import { makeGold } from "@crowdlabel/sdk";
import { draftTaskTerms, parseAmount, validateClasses, validateSettings } from "./wizardValidation.ts";
import { cannotLabelKey } from "../labeling/hotkeys.ts";

export function ReviewStep({ decimals, symbol }: { decimals: number; symbol: string }) {
  const draft = useOwnerDraftStore();
  const { address } = useAccount();
  const client = usePublicClient() as PublicClient | undefined;
  const config = getConfig();
  const run = useTxRunner();
  const navigate = useNavigate();
  const { writeContractAsync } = useWriteContract();
  const { signTypedDataAsync } = useSignTypedData();
  const saveGold = useGoldStore((s) => s.save);
  const linkGold = useGoldStore((s) => s.linkTask);
  const [usePermit, setUsePermit] = useState(true);
  const [busy, setBusy] = useState<string | null>(null);
  const [issues, setIssues] = useState<string[]>([]);

  const s = draft.settings;
  // Read as the settings check and createTask read them (trimmed): a stray space must not show a budget of 0.
  const reward = parseAmount(s.reward || "0", decimals) ?? 0n;
  const bond = parseAmount(s.bond || "0", decimals) ?? 0n;
  const itemCount = draft.images.length;
  const budget = taskBudget({ itemCount, maxRedundancy: s.maxRedundancy, rewardPerLabel: reward });
  /** What is signed is shown in full: a rounded amount in a confirmation would not be the one approved. */
  const exactBudget = formatExactAmount(budget, decimals);
  const reads = useReadContracts({
    allowFailure: true,
    contracts: address
      ? [
          { address: config.token, abi: erc20Abi, functionName: "balanceOf", args: [address] },
          { address: config.token, abi: erc20Abi, functionName: "allowance", args: [address, config.crowdlabel] },
          { address: config.token, abi: testTokenAbi, functionName: "nonces", args: [address] },
          { address: config.token, abi: testTokenAbi, functionName: "eip712Domain" },
        ]
      : [],
    query: { enabled: !!address, refetchInterval: 4000 },
  });
  const balance = reads.data?.[0]?.status === "success" ? (reads.data[0].result as bigint) : undefined;
  const allowance = reads.data?.[1]?.status === "success" ? (reads.data[1].result as bigint) : undefined;
  const permitNonce = reads.data?.[2]?.status === "success" ? (reads.data[2].result as bigint) : undefined;
  const domain = reads.data?.[3]?.status === "success" ? (reads.data[3].result as Eip712DomainFields) : undefined;
  const permitSupported = permitNonce !== undefined && domain !== undefined;
  const step = balance !== undefined && allowance !== undefined ? fundingStep({ budget, balance, allowance }) : undefined;
  const errors = { ...validateClasses(draft.classes), ...validateSettings(s, { itemCount, decimals, now: Math.floor(Date.now() / 1000) }) };
  const blocked = itemCount === 0 || Object.keys(errors).length > 0;
  const goldCount = Object.keys(draft.gold).length;

  /** The task is on chain: its gold answers are linked to it, the draft is cleared and its dashboard opens. */
  const created = (receipt: TransactionReceipt, goldCommitment: Hex) => {
    const [event] = parseEventLogs({ abi: crowdlabelAbi, logs: receipt.logs, eventName: "TaskCreated" });
    const taskId = event?.args.taskId;
    if (taskId === undefined) return;
    if (goldCommitment !== zeroHash) linkGold(goldCommitment, taskId.toString());
    draft.reset();
    navigate(`/owner/tasks/${taskId}`);
  };
  const pending = usePendingCreate(created, setIssues);

  const create = async () => {
    if (!address || !client) return;
    setIssues([]);
    setBusy("Uploading the manifest…");
    try {
      const manifest: TaskManifestInput = {
        version: 1,
        title: s.title.trim(),
        description: s.description,
        instructions: draft.instructions,
        classes: draft.classes.map((c, id) => ({ id, name: c.name.trim(), hotkey: c.hotkey, colour: c.colour, ...(c.description ? { description: c.description } : {}) })),
        examples: draft.examples.map((e) => ({ cid: e.cid, mediaType: e.mediaType as "image/png", classId: e.classId, ...(e.note ? { note: e.note } : {}) })),
        items: draft.images.map((i) => ({ cid: i.cid, mediaType: i.mediaType as "image/png", width: i.width, height: i.height, filename: i.name })),
        batchSize: s.batchSize,
      };
      const checked = validateManifest(manifest);
      if (!checked.success) {
        setIssues(checked.issues.map((i) => `${i.path}: ${i.message}`));
        return;
      }
      const bytes = new TextEncoder().encode(JSON.stringify(checked.manifest, null, 2)).length;
      if (bytes > MAX_MANIFEST_BYTES) {
        setIssues([
          `The manifest would be ${(bytes / 2 ** 20).toFixed(1)} MiB; annotators' browsers and the indexer read at most ${MAX_MANIFEST_BYTES / 2 ** 20} MiB. Split the images into several tasks.`,
        ]);
        return;
      }
      const manifestCid = await uploadJson(checked.manifest);
      let goldCommitment: Hex = zeroHash;
      if (goldCount > 0) {
        const gold = makeGold({ answers: draft.gold, classCount: draft.classes.length, chainId: config.chainId, contract: config.crowdlabel, manifestCid });
        saveGold(gold);
        downloadBlob(JSON.stringify(gold, null, 2), `crowdlabel-gold-${manifestCid.slice(0, 12)}.json`, "application/json");
        goldCommitment = gold.commitment;
      }
      const params = {
        token: config.token,
        manifestCid,
        itemCount,
        classCount: draft.classes.length,
        // Creation is only offered once the settings validate, so the terms parse.
        ...draftTaskTerms(s, decimals),
        goldCommitment,
      } as const;
      const facts = [
        { label: "Images", value: `${itemCount} in ${batchCountOf(itemCount, s.batchSize)} batches` },
        { label: "Escrowed budget", value: `${exactBudget} ${symbol}` },
        { label: "Manifest", value: <code>{manifestCid}</code> },
      ];
      setBusy("Waiting for your wallet…");
      let result;
      if (step === "approve" && usePermit && permitSupported && domain) {
        const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600);
        let permitArgs: readonly [typeof params, bigint, number, Hex, Hex] | undefined;
        const ok = await run({
          explanation: {
            title: "Create the task (permit + create in one transaction)",
            summary: `First you sign a permit allowing the contract to take exactly ${exactBudget} ${symbol} (no gas); then one transaction creates the task and escrows the budget.`,
            facts,
          },
          // The permit is signed first, so the dry run (which needs it) runs on the signed call.
          simulate: async () => {
            const signature = await signTypedDataAsync(permitTypedData(domain, { owner: address, spender: config.crowdlabel, value: budget, nonce: permitNonce!, deadline }));
            const { v, r, s: sig, yParity } = parseSignature(signature);
            // Wallets that sign with a 0/1 recovery byte give no v: it is 27 + yParity.
            permitArgs = [params, deadline, Number(v ?? 27n + BigInt(yParity)), r, sig];
            await client.simulateContract({ account: address, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "createTaskWithPermit", args: permitArgs });
          },
          send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "createTaskWithPermit", args: permitArgs! }),
        });
        result = ok;
      } else {
        const reset = step === "approve" && needsAllowanceReset(allowance ?? 0n, budget);
        const steps = step === "approve" ? (reset ? 3 : 2) : 1;
        const approve = (amount: bigint) =>
          approveTx({ client, write: writeContractAsync, chainId: config.chainId, account: address, token: config.token, spender: config.crowdlabel, amount });
        if (reset && !(await run({ explanation: allowanceResetExplanation(symbol, `Step 1 of ${steps}`), ...approve(0n) })).ok) return;
        if (step === "approve") {
          const approved = await run({
            explanation: {
              title: `Approve ${exactBudget} ${symbol}`,
              step: `Step ${steps - 1} of ${steps}`,
              summary: "Lets the Crowdlabel contract take the task's budget from your balance when you create the task.",
              facts: [{ label: "Amount", value: `${exactBudget} ${symbol}` }],
            },
            ...approve(budget),
          });
          if (!approved.ok) return;
        }
        result = await run({
          explanation: {
            title: "Create the task",
            step: steps > 1 ? `Step ${steps} of ${steps}` : undefined,
            summary: `Creates the task on chain and moves the full budget into escrow. Unearned budget is refunded when you close the task after its deadline (${formatDate(s.deadline)}).`,
            facts,
          },
          simulate: async () => client.simulateContract({ account: address, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "createTask", args: [params] }),
          send: () => writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "createTask", args: [params] }),
        });
      }
      if (result.ok) created(result.receipt, goldCommitment);
      else if (result.pendingHash) draft.setPendingCreate({ hash: result.pendingHash, goldCommitment, sentAt: Date.now() });
    } catch (error) {
      setIssues([(error as Error).message]);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="stack lg">
      <div className="grid stats">
        <div className="card flat stat">
          <div className="stat-label">Escrowed budget</div>
          <div className="stat-value" data-testid="budget">
            {formatAmount(budget, decimals)} {symbol}
          </div>
          <div className="stat-sub">
            {countText(itemCount, "image")} × {s.maxRedundancy} max labels × {s.reward} {symbol}
          </div>
        </div>
        <div className="card flat stat">
          <div className="stat-label">First round</div>
          <div className="stat-value">
            {formatAmount(firstRoundCost({ itemCount, redundancy: s.redundancy, rewardPerLabel: reward }), decimals)} {symbol}
          </div>
          <div className="stat-sub">at most, if every label agrees</div>
        </div>
        <div className="card flat stat">
          <div className="stat-label">Your balance (chain)</div>
          <div className="stat-value">{balance !== undefined ? `${formatAmount(balance, decimals)} ${symbol}` : "…"}</div>
          <div className="stat-sub">allowance {allowance !== undefined ? (allowance >= maxUint256 / 2n ? "unlimited" : formatAmount(allowance, decimals)) : "…"}</div>
        </div>
      </div>
      <dl className="facts">
        <dt>Title</dt>
        <dd>{s.title || "–"}</dd>
        <dt>Classes</dt>
        <dd>{draft.classes.map((c) => `${c.name} (key ${c.hotkey})`).join(", ")} + cannot label (key {cannotLabelKey(draft.classes)})</dd>
        <dt>Batches</dt>
        <dd>
          {batchCountOf(itemCount, s.batchSize)} × {countText(s.batchSize, "image")}, {s.maxRedundancy > s.redundancy ? `${s.redundancy}–${s.maxRedundancy}` : s.redundancy} labels each, consensus at {s.minAgreement}
        </dd>
        <dt>Bond</dt>
        <dd>
          {bond > 0n ? `${s.bond} ${symbol} per claimed batch, returned on reveal` : "none: claims cost annotators nothing, so abandoned claims cost them nothing either"}
        </dd>
        <dt>Deadline</dt>
        <dd>{formatDate(s.deadline)}</dd>
        <dt>Gate</dt>
        <dd>{s.minLabelsRevealed || s.minAgreementPercent ? `≥${s.minLabelsRevealed} labels, ≥${s.minAgreementPercent}% agreement` : "open to everyone"}</dd>
        <dt>Gold</dt>
        <dd>{goldCount ? `${countText(goldCount, "item")} (answers downloaded as a file at creation, only their hash on chain)` : "none"}</dd>
      </dl>
      {blocked ? (
        <Alert tone="warn" title="Some steps need attention">
          {itemCount === 0 ? "Upload images. " : ""}
          {Object.values(errors).slice(0, 4).join(" ")}
        </Alert>
      ) : null}
      {step === "insufficient-balance" ? (
        <Alert tone="danger" title={`Your balance is below the budget by ${formatAmount(budget - (balance ?? 0n), decimals)} ${symbol}`}>
          Top up (on the local chain: the Faucet button), lower the reward or max redundancy.
        </Alert>
      ) : null}
      {step === "approve" && permitSupported ? (
        <label className="row small" style={{ gap: "0.4rem" }}>
          <input type="checkbox" checked={usePermit} onChange={(e) => setUsePermit(e.target.checked)} /> Use a permit signature instead of a separate approval (one transaction)
        </label>
      ) : null}
      {draft.pendingCreate ? (
        <Alert
          tone={pending.lost ? "warn" : "info"}
          title={pending.lost ? "No confirmation for the task you created" : "Task creation sent, waiting for confirmation"}
          testId="create-pending"
          action={
            pending.lost ? (
              <button type="button" className="btn sm" onClick={() => draft.setPendingCreate(null)} data-testid="create-again">
                It was dropped: create again
              </button>
            ) : undefined
          }
        >
          Transaction <TxHash hash={draft.pendingCreate.hash} chainId={config.chainId} />.{" "}
          {pending.lost
            ? `No receipt after ${Math.round(LATE_RECEIPT_WAIT_MS / 60_000)} minutes. Create again only if your wallet shows it dropped or cancelled: if it still goes through, a second task would escrow a second budget.`
            : "Do not create it again: this page opens the task once it confirms, and your draft stays here until then."}
        </Alert>
      ) : null}
      {issues.length > 0 ? (
        <Alert tone="danger" title="The task could not be created">
          <ul style={{ margin: 0, paddingLeft: "1.1rem" }}>
            {issues.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <div className="row">
        <button
          type="button"
          className="btn primary lg"
          disabled={blocked || !address || step === undefined || step === "insufficient-balance" || !!busy || !!draft.pendingCreate}
          onClick={() => void create()}
          data-testid="create-task"
        >
          {busy ?? (address && step === undefined ? "Checking your balance…" : step === "approve" ? (usePermit && permitSupported ? "Sign permit and create" : "Approve and create") : "Create task")}
        </button>
      </div>
    </div>
  );
}

/**
 * Watches the draft's createTask transaction sent but not confirmed when its sender stopped waiting (also after a
 * reload): confirmed, it calls `onCreated`; reverted, it clears the pending state with an issue; no receipt after
 * `LATE_RECEIPT_WAIT_MS`, it reports `lost` (the owner decides, from their wallet, whether to create again).
 */
function usePendingCreate(onCreated: (receipt: TransactionReceipt, goldCommitment: Hex) => void, setIssues: (issues: string[]) => void): { lost: boolean } {
  const client = usePublicClient() as PublicClient | undefined;
  const pending = useOwnerDraftStore((s) => s.pendingCreate);
  const setPendingCreate = useOwnerDraftStore((s) => s.setPendingCreate);
  const [lostHash, setLostHash] = useState<Hex | null>(null);
  const latest = useRef(onCreated);
  latest.current = onCreated;
  useEffect(() => {
    if (!pending || !client) return;
    let stopped = false;
    client
      .waitForTransactionReceipt({ hash: pending.hash, pollingInterval: 2_000, timeout: Math.max(1, pending.sentAt + LATE_RECEIPT_WAIT_MS - Date.now()) })
      .then((receipt) => {
        if (stopped) return;
        if (receipt.status === "success") return latest.current(receipt, pending.goldCommitment);
        setPendingCreate(null);
        setIssues([`The createTask transaction ${pending.hash} reverted on chain: nothing was escrowed. Check the settings and create the task again.`]);
      })
      .catch(() => {
        if (!stopped) setLostHash(pending.hash);
      });
    return () => {
      stopped = true;
    };
  }, [pending, client, setPendingCreate, setIssues]);
  return { lost: !!pending && lostHash === pending.hash };
}

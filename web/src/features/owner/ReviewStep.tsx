import { useState } from "react";
import { useNavigate } from "react-router";
import { useAccount, usePublicClient, useReadContracts, useSignTypedData, useWriteContract } from "wagmi";
import { erc20Abi, maxUint256, parseEventLogs, parseSignature, zeroHash, type Hex, type PublicClient } from "viem";
import { MAX_MANIFEST_BYTES, crowdlabelAbi, needsAllowanceReset, permitTypedData, taskBudget, testTokenAbi, validateManifest, type Eip712DomainFields, type TaskManifestInput } from "@crowdlabel/sdk";
import { getConfig } from "../../config/appConfig.ts";
import { uploadJson } from "../../lib/ipfs.ts";
import { downloadBlob } from "../../lib/download.ts";
import { Alert } from "../../ui/Alert.tsx";
import { formatAmount, formatDate, formatExactAmount, countText } from "../../ui/format.ts";
import { useTxRunner } from "../transactions/useTxRunner.ts";
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
        const ok = await run({
          explanation: {
            title: "Create the task (permit + create in one transaction)",
            summary: `First you sign a permit allowing the contract to take exactly ${exactBudget} ${symbol} (no gas); then one transaction creates the task and escrows the budget.`,
            facts,
          },
          send: async () => {
            const signature = await signTypedDataAsync(permitTypedData(domain, { owner: address, spender: config.crowdlabel, value: budget, nonce: permitNonce!, deadline }));
            const { v, r, s: sig } = parseSignature(signature);
            return writeContractAsync({ chainId: config.chainId, address: config.crowdlabel, abi: crowdlabelAbi, functionName: "createTaskWithPermit", args: [params, deadline, Number(v ?? 27n), r, sig] });
          },
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
      if (result.ok) {
        const [created] = parseEventLogs({ abi: crowdlabelAbi, logs: result.receipt.logs, eventName: "TaskCreated" });
        const taskId = created?.args.taskId;
        if (taskId !== undefined) {
          if (goldCount > 0) linkGold(goldCommitment, taskId.toString());
          draft.reset();
          navigate(`/owner/tasks/${taskId}`);
        }
      }
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
          disabled={blocked || !address || step === undefined || step === "insufficient-balance" || !!busy}
          onClick={() => void create()}
          data-testid="create-task"
        >
          {busy ?? (address && step === undefined ? "Checking your balance…" : step === "approve" ? (usePermit && permitSupported ? "Sign permit and create" : "Approve and create") : "Create task")}
        </button>
      </div>
    </div>
  );
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFunctionData, hexToBigInt, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { buildCrowdLabels, crowdlabelAbi, majorityVote } from "@crowdlabel/sdk";
import { anvilPrivateKeys, deployProtocol, type Deployment, type RunningAnvil } from "@crowdlabel/sdk/devchain";
import { ChainSession } from "./ChainSession.ts";
import { chainDatasetSource } from "./chainDatasetSource.ts";
import { workerClaimers } from "./claimers.ts";
import { sliceDataset, type CrowdDataset } from "./crowdDataset.ts";
import { loadDataset } from "./findDatasets.ts";
import { fundAccounts } from "./fundAccounts.ts";
import { replayTask, type TaskReplay } from "./replayTask.ts";
import { startSimAnvil } from "./simChain.ts";
import { REWARD_PER_LABEL, bondPerClaim, type TaskPlan } from "./TaskPlan.ts";
import type { Address } from "viem";

// A real slice of bluebirds (24 images x 5 workers, R = 5: every worker labels every batch) replayed on anvil.
describe("crowd simulator on a bluebirds slice", () => {
  let anvil: RunningAnvil;
  let deployment: Deployment;
  let session: ChainSession;
  let dataset: CrowdDataset;
  let plan: TaskPlan;
  let replay: TaskReplay;
  let chainSource: Awaited<ReturnType<typeof chainDatasetSource>>;

  beforeAll(async () => {
    dataset = sliceDataset(await loadDataset("bluebirds"), { items: 24, workers: 5 });
    anvil = await startSimAnvil();
    deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    session = new ChainSession(anvil.rpcUrl, anvil.chainId);
    await session.mineEachTransaction();
    const owner = privateKeyToAccount(anvilPrivateKeys[0]);
    const claimers = workerClaimers(dataset, { items: dataset.items, slotsPerRequest: 3 });
    await fundAccounts({ session, deployment, payer: owner, accounts: [owner, ...claimers.map((c) => c.account)], funded: new Set<Address>() });
    plan = { tag: "bluebirds slice", dataset: dataset.name, items: dataset.items, batchSize: 4, classCount: 2, redundancy: 5, maxRedundancy: 5, minAgreement: 3, claimers, seed: 1 };
    replay = await replayTask({ session, deployment, owner, plan });
    chainSource = await chainDatasetSource({ session, deployment, replay });
  }, 60_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it("finalises every batch with every worker in every batch", () => {
    expect(replay.stuckBatches).toBe(0);
    expect(replay.batches.every((b) => b.done && b.slots.length === 5)).toBe(true);
  });

  it("reaches the sdk's majority vote item by item", async () => {
    const { source } = chainSource;
    const recorded = buildCrowdLabels(
      dataset.items.flatMap((item) => dataset.labels.get(item)!.map((l) => ({ item, worker: l.worker, label: l.label }))),
      { items: dataset.items, classCount: 2 },
    );
    const mv = majorityVote(recorded, { tieBreak: "none" });
    const onChain: (number | null)[] = [];
    for (const batch of source.batches) {
      const bytes = Buffer.from(batch.consensus.slice(2), "hex");
      bytes.forEach((c, o) => onChain.push((batch.resolvedMask >> BigInt(o)) & 1n ? c : null));
    }
    expect(onChain).toEqual(mv.labels);
  });

  it("credits each worker exactly its agreeing labels plus its returned bonds", async () => {
    const recorded = buildCrowdLabels(
      dataset.items.flatMap((item) => dataset.labels.get(item)!.map((l) => ({ item, worker: l.worker, label: l.label }))),
      { items: dataset.items, classCount: 2 },
    );
    const consensus = majorityVote(recorded, { tieBreak: "none" }).labels;
    // Slots a request asked for but the contract could not fill (every open batch already held by the claimer) return their bond as a credit.
    const { events } = chainSource;
    const unfilled = new Map<string, bigint>();
    for (const e of events)
      if (e.eventName === "ClaimUnfilled") unfilled.set(e.args.annotator.toLowerCase(), (unfilled.get(e.args.annotator.toLowerCase()) ?? 0n) + e.args.bondReturned);
    for (const claimer of plan.claimers) {
      const agreed = dataset.items.filter((item, i) => dataset.labels.get(item)!.find((l) => l.worker === claimer.id)!.label === consensus[i]).length;
      const slots = replay.batches.length;
      const credit = await session.rpc.call<Hex>("eth_call", [
        { to: deployment.crowdlabel, data: encodeFunctionData({ abi: crowdlabelAbi, functionName: "credits", args: [deployment.token, claimer.account.address] }) },
        "latest",
      ]);
      const returnedUnfilled = unfilled.get(claimer.account.address.toLowerCase()) ?? 0n;
      expect(hexToBigInt(credit)).toBe(BigInt(agreed) * REWARD_PER_LABEL + BigInt(slots) * bondPerClaim(plan.batchSize) + returnedUnfilled);
    }
  });
});

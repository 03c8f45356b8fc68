import { encodeFunctionData, type Address, type Hex } from "viem";
import type { PrivateKeyAccount } from "viem/accounts";
import { batchCount, batchItems, crowdlabelAbi, deriveSalt, encodeCommitment, groupFinalisations, packLabels, saltSigningMessage, seededRandom } from "@crowdlabel/sdk";
import type { Deployment } from "@crowdlabel/sdk/devchain";
import { ChainSession } from "./ChainSession.ts";
import type { Claimer } from "./Claimer.ts";
import { SimulationError } from "./SimulationError.ts";
import {
  CLAIM_TTL,
  COMMIT_WINDOW,
  REVEAL_WINDOW,
  REWARD_PER_LABEL,
  TASK_LIFETIME,
  bondPerClaim,
  type TaskPlan,
} from "./TaskPlan.ts";
import { shuffled } from "./shuffled.ts";
import { manifestCidOf } from "./simManifest.ts";

/** Most slots one claim request may ask for (the contract's MAX_CLAIMS_PER_REQUEST). */
const MAX_CLAIMS_PER_REQUEST = 16;
/** Replay iterations that assign and finalise nothing before the replay gives up on the remaining batches. */
const MAX_IDLE_ITERATIONS = 6;

export type SlotRecord = {
  slot: number;
  round: number;
  claimer: Claimer;
  labels: Hex;
  salt: Hex;
  committed: boolean;
  revealed: boolean;
};

export type BatchLedger = {
  batchId: number;
  /** Manifest indices of the batch's items. */
  items: number[];
  round: number;
  roundStart: number;
  roundEnd: number;
  slots: SlotRecord[];
  revealOpen: boolean;
  done: boolean;
};

/** annotatorStats (labels revealed, labels agreed) of a tracked account after a replay iteration. */
export type StatsSnapshot = { iteration: number; revealed: number; agreed: number };

export type TaskReplay = {
  plan: TaskPlan;
  taskId: bigint;
  createdBlock: bigint;
  endBlock: bigint;
  batches: BatchLedger[];
  iterations: number;
  /** evm_increaseTime jumps needed to end reveal windows held open by silent slots. */
  timeJumps: number;
  /** Batches still not done when the replay stopped (no claimer could fill them). */
  stuckBatches: number;
  stats: Map<Address, StatsSnapshot[]>;
  seconds: number;
};

export type ReplayTaskOptions = {
  session: ChainSession;
  deployment: Deployment;
  owner: PrivateKeyAccount;
  plan: TaskPlan;
  /** Accounts whose on-chain counters are sampled after each iteration (reputation trajectories). */
  track?: readonly Address[];
  log?: (line: string) => void;
};

/**
 * Replays one task through the protocol with real transactions: create (escrow), claim requests, assignment
 * from block hashes, multi-batch commits and reveals, per-batch finalisation with adaptive rounds, close.
 * Who gets which batch is decided by the contract; the claimer only chooses how many slots to ask for.
 */
export async function replayTask(options: ReplayTaskOptions): Promise<TaskReplay> {
  const { session, deployment, owner, plan } = options;
  const started = Date.now();
  const contract = deployment.crowdlabel;
  const tag = plan.tag;
  const call = (account: PrivateKeyAccount, data: Hex, phase: Parameters<ChainSession["queue"]>[0]["phase"]) =>
    session.queue({ account, to: contract, data, tag, phase });

  const now = await session.timestamp();
  const params = {
    token: deployment.token,
    manifestCid: await manifestCidOf(plan),
    itemCount: plan.items.length,
    batchSize: plan.batchSize,
    classCount: plan.classCount,
    redundancy: plan.redundancy,
    maxRedundancy: plan.maxRedundancy,
    minAgreement: plan.minAgreement,
    rewardPerLabel: REWARD_PER_LABEL,
    bondPerClaim: bondPerClaim(plan.batchSize),
    claimTtl: CLAIM_TTL,
    commitWindow: COMMIT_WINDOW,
    revealWindow: REVEAL_WINDOW,
    deadline: now + TASK_LIFETIME,
    minLabelsRevealed: 0,
    minAgreementBps: 0,
    goldCommitment: `0x${"0".repeat(64)}` as Hex,
  } as const;
  await call(owner, encodeFunctionData({ abi: crowdlabelAbi, functionName: "createTask", args: [params] }), "createTask");
  const createdReceipts = await session.flush();
  const created = ChainSession.events(createdReceipts).find((e) => e.eventName === "TaskCreated");
  if (!created || created.eventName !== "TaskCreated") throw new SimulationError(`createTask of ${tag} emitted no TaskCreated.`);
  const taskId = created.args.taskId;
  const createdBlock = BigInt(createdReceipts[0]!.blockNumber);

  const layout = { itemCount: plan.items.length, batchSize: plan.batchSize };
  const batches: BatchLedger[] = Array.from({ length: batchCount(layout) }, (_, batchId) => {
    const { start, end } = batchItems(layout, batchId);
    return {
      batchId,
      items: Array.from({ length: end - start }, (_, i) => start + i),
      round: 0,
      roundStart: 0,
      roundEnd: plan.redundancy,
      slots: [],
      revealOpen: false,
      done: false,
    };
  });
  const byAddress = new Map(plan.claimers.map((c) => [c.account.address.toLowerCase(), c]));
  const stats = new Map<Address, StatsSnapshot[]>((options.track ?? []).map((a) => [a, []]));
  const random = seededRandom(plan.seed);
  // Salts as the web app derives them: one EIP-712 signature per claimer and task, then deriveSalt per batch.
  const saltContext = { chainId: session.chainId, contract, taskId };
  const saltSeeds = new Map<Claimer, Hex>();
  for (const c of plan.claimers) saltSeeds.set(c, await c.account.signTypedData(saltSigningMessage(saltContext)));

  let iteration = 0;
  let timeJumps = 0;
  let idle = 0;
  const freeSlots = (b: BatchLedger) =>
    b.done || b.revealOpen ? 0 : b.roundEnd - b.roundStart - b.slots.filter((s) => s.round === b.round).length;
  const holds = (b: BatchLedger, c: Claimer) => b.slots.some((s) => s.claimer === c);

  while (batches.some((b) => !b.done)) {
    iteration++;
    // 1. Claim requests, at most the open capacity, in a seeded random order of claimers.
    let capacity = batches.reduce((n, b) => n + freeSlots(b), 0);
    const order = shuffled(plan.claimers, random);
    const requesters: Claimer[] = [];
    for (const c of order) {
      if (capacity <= 0) break;
      const eligible = batches.filter((b) => freeSlots(b) > 0 && !holds(b, c)).length;
      const count = Math.min(c.slotsPerRequest, eligible, MAX_CLAIMS_PER_REQUEST, capacity);
      if (count <= 0) continue;
      capacity -= count;
      requesters.push(c);
      await call(c.account, encodeFunctionData({ abi: crowdlabelAbi, functionName: "requestClaim", args: [taskId, count] }), "requestClaim");
    }
    await session.flush();

    // 2. Assignment from the (now sealed) block hashes; anyone may call it, the owner does.
    for (const c of requesters)
      await call(owner, encodeFunctionData({ abi: crowdlabelAbi, functionName: "assign", args: [taskId, c.account.address] }), "assign");
    const assigned = ChainSession.events(await session.flush()).filter((e) => e.eventName === "SlotAssigned");
    const newSlots = new Map<Claimer, { batch: BatchLedger; record: SlotRecord }[]>();
    for (const e of assigned) {
      if (e.eventName !== "SlotAssigned") continue;
      const claimer = byAddress.get(e.args.annotator.toLowerCase());
      const batch = batches[e.args.batchId];
      if (!claimer || !batch) throw new SimulationError(`Unexpected slot assignment in ${tag}.`, { details: JSON.stringify(e.args, (_, v) => (typeof v === "bigint" ? String(v) : v)) });
      const labels = packLabels(claimer.labelsFor(batch.items), { classCount: plan.classCount });
      const record: SlotRecord = { slot: e.args.slot, round: e.args.round, claimer, labels, salt: deriveSalt(saltSeeds.get(claimer)!, { ...saltContext, batchId: batch.batchId }), committed: false, revealed: false };
      batch.slots[e.args.slot] = record;
      const list = newSlots.get(claimer) ?? [];
      list.push({ batch, record });
      newSlots.set(claimer, list);
    }

    // 3. Each claimer commits all its new slots in one transaction.
    for (const [claimer, list] of newSlots) {
      const commits = list.map(({ batch, record }) => ({
        taskId,
        batchId: batch.batchId,
        slot: record.slot,
        commitment: encodeCommitment({
          chainId: session.chainId,
          contract,
          taskId,
          batchId: batch.batchId,
          annotator: claimer.account.address,
          labels: record.labels,
          salt: record.salt,
        }),
      }));
      await call(claimer.account, encodeFunctionData({ abi: crowdlabelAbi, functionName: "commit", args: [commits] }), "commit");
      for (const { record } of list) record.committed = true;
    }
    for (const e of ChainSession.events(await session.flush()))
      if (e.eventName === "RevealOpened") batches[e.args.batchId]!.revealOpen = true;

    // 4. Reveals of every batch whose round completed, one transaction per claimer.
    const toReveal = new Map<Claimer, { batch: BatchLedger; record: SlotRecord }[]>();
    for (const batch of batches) {
      if (!batch.revealOpen || batch.done) continue;
      for (const record of batch.slots) {
        if (!record || record.round !== batch.round || !record.committed || record.revealed || !record.claimer.reveals) continue;
        const list = toReveal.get(record.claimer) ?? [];
        list.push({ batch, record });
        toReveal.set(record.claimer, list);
      }
    }
    for (const [claimer, list] of toReveal) {
      const reveals = list.map(({ batch, record }) => ({ taskId, batchId: batch.batchId, slot: record.slot, labels: record.labels, salt: record.salt }));
      await call(claimer.account, encodeFunctionData({ abi: crowdlabelAbi, functionName: "reveal", args: [reveals] }), "reveal");
      for (const { record } of list) record.revealed = true;
    }
    await session.flush();

    // 5. Finalise every batch whose revealers all revealed; silent slots need the reveal window to end.
    let finalised = await finaliseReady({ batches, taskId, call, owner, session, silentToo: false });
    const silent = batches.filter((b) => b.revealOpen && !b.done);
    if (silent.length > 0) {
      await session.increaseTime(REVEAL_WINDOW + 1);
      timeJumps++;
      finalised += await finaliseReady({ batches, taskId, call, owner, session, silentToo: true });
    }

    if (stats.size > 0) {
      const addresses = [...stats.keys()];
      const results = await session.rpc.batch<Hex>(
        addresses.map((a) => ({
          method: "eth_call",
          params: [{ to: contract, data: encodeFunctionData({ abi: crowdlabelAbi, functionName: "annotatorStats", args: [a] }) }, "latest"],
        })),
      );
      results.forEach((hex, i) => {
        const revealed = Number(BigInt(`0x${hex.slice(2, 66)}`));
        const agreed = Number(BigInt(`0x${hex.slice(66, 130)}`));
        stats.get(addresses[i]!)!.push({ iteration, revealed, agreed });
      });
    }

    idle = assigned.length === 0 && finalised === 0 ? idle + 1 : 0;
    if (idle >= MAX_IDLE_ITERATIONS) break;
    if (iteration % 10 === 0) options.log?.(`  ${tag}: iteration ${iteration}, ${batches.filter((b) => b.done).length}/${batches.length} batches done`);
  }

  const stuckBatches = batches.filter((b) => !b.done).length;
  if (stuckBatches === 0) {
    await call(owner, encodeFunctionData({ abi: crowdlabelAbi, functionName: "closeTask", args: [taskId] }), "closeTask");
    await session.flush();
  }
  const endBlock = BigInt(await session.rpc.call<Hex>("eth_blockNumber"));
  return { plan, taskId, createdBlock, endBlock, batches, iterations: iteration, timeJumps, stuckBatches, stats, seconds: (Date.now() - started) / 1000 };
}

async function finaliseReady(options: {
  batches: BatchLedger[];
  taskId: bigint;
  owner: PrivateKeyAccount;
  session: ChainSession;
  silentToo: boolean;
  call: (account: PrivateKeyAccount, data: Hex, phase: "finalise") => Promise<void>;
}): Promise<number> {
  const ready = options.batches.filter((b) => {
    if (!b.revealOpen || b.done) return false;
    const round = b.slots.filter((s) => s && s.round === b.round && s.committed);
    return options.silentToo || round.every((s) => s.revealed);
  });
  // As the CLI's keeper does: every ready batch in one finaliseBatches (more only past the gas budget).
  const inputs = ready.map((b) => ({
    batchId: b.batchId,
    labels: Array.from({ length: b.roundEnd }, (_, s) => (b.slots[s]?.revealed ? b.slots[s]!.labels : ("0x" as Hex))),
  }));
  for (const group of groupFinalisations(inputs))
    await options.call(options.owner, encodeFunctionData({ abi: crowdlabelAbi, functionName: "finaliseBatches", args: [options.taskId, group] }), "finalise");
  for (const e of ChainSession.events(await options.session.flush())) {
    if (e.eventName === "ExtraRoundOpened") {
      const b = options.batches[e.args.batchId]!;
      b.round = e.args.round;
      b.roundStart = b.roundEnd;
      b.roundEnd += e.args.extraSlots;
      b.revealOpen = false;
    } else if (e.eventName === "BatchDone") {
      const b = options.batches[e.args.batchId]!;
      b.done = true;
      b.revealOpen = false;
    }
  }
  return ready.length;
}

import { bytesToHex, hexToBytes, numberToHex, pad, type Address, type Hex } from "viem";
import type { DatasetBatch, DatasetSource } from "@crowdlabel/sdk";
import type { Deployment } from "@crowdlabel/sdk/devchain";
import { ChainSession, type RawLog } from "./ChainSession.ts";
import { SimulationError } from "./SimulationError.ts";
import type { TaskReplay } from "./replayTask.ts";
import { manifestCidOf, simManifest } from "./simManifest.ts";

/**
 * An export source rebuilt from the chain's event logs alone (TaskCreated, SlotAssigned, LabelsRevealed,
 * BatchFinalised, ExtraRoundOpened), the way the indexer and the CLI see a task: nothing is taken from the
 * simulator's own bookkeeping.
 */
export async function chainDatasetSource(options: { session: ChainSession; deployment: Deployment; replay: TaskReplay }): Promise<{ source: DatasetSource; events: TaskEvents }> {
  const { session, deployment, replay } = options;
  const events = await fetchTaskEvents(options);
  return { source: datasetSourceFromEvents({ events, replay, chainId: session.chainId, contract: deployment.crowdlabel }), events };
}

export type TaskEvents = ReturnType<typeof ChainSession.events>;

/** Every Crowdlabel event of one task (indexed by taskId), in chain order. */
export async function fetchTaskEvents(options: { session: ChainSession; deployment: Deployment; replay: TaskReplay }): Promise<TaskEvents> {
  const { session, deployment, replay } = options;
  const logs = await session.rpc.call<RawLog[]>("eth_getLogs", [
    {
      address: deployment.crowdlabel,
      fromBlock: numberToHex(replay.createdBlock),
      toBlock: numberToHex(replay.endBlock),
      topics: [null, pad(numberToHex(replay.taskId), { size: 32 })],
    },
  ]);
  return ChainSession.events([{ status: "0x1", gasUsed: "0x0", blockNumber: "0x0", transactionHash: "0x", logs }]);
}

/** The export source of a task from its events. */
export function datasetSourceFromEvents(options: { events: TaskEvents; replay: TaskReplay; chainId: number; contract: Address }): DatasetSource {
  const { events, replay } = options;
  const created = events.find((e) => e.eventName === "TaskCreated");
  if (!created || created.eventName !== "TaskCreated") throw new SimulationError(`No TaskCreated log for task ${replay.taskId}.`);
  const p = created.args.params;
  const batches = new Map<number, DatasetBatch>();
  const batchOf = (id: number) => {
    let b = batches.get(id);
    if (!b) {
      b = { batchId: id, rounds: 1, slots: [], consensus: "0x", resolvedMask: 0n, finalisations: [] };
      batches.set(id, b);
    }
    return b;
  };
  const consensusBytes = new Map<number, Uint8Array>();
  for (const e of events) {
    if (e.eventName === "SlotAssigned") {
      const b = batchOf(e.args.batchId);
      b.slots = b.slots.filter((s) => s.slot !== e.args.slot);
      b.slots.push({ annotator: e.args.annotator as Address, slot: e.args.slot, round: e.args.round, labels: null, revealTx: null });
      b.rounds = Math.max(b.rounds, e.args.round + 1);
    } else if (e.eventName === "LabelsRevealed") {
      const slot = batchOf(e.args.batchId).slots.find((s) => s.slot === e.args.slot);
      if (!slot) throw new SimulationError(`Reveal of an unassigned slot (task ${replay.taskId}, batch ${e.args.batchId}).`);
      slot.labels = e.args.labels;
      slot.revealTx = e.transactionHash as Hex;
      slot.revealBlock = e.blockNumber;
    } else if (e.eventName === "BatchFinalised") {
      const b = batchOf(e.args.batchId);
      const round = hexToBytes(e.args.consensus);
      let acc = consensusBytes.get(b.batchId);
      if (!acc) consensusBytes.set(b.batchId, (acc = new Uint8Array(round.length)));
      for (let i = 0; i < round.length; i++) if ((e.args.newlyResolvedMask >> BigInt(i)) & 1n) acc[i] = round[i]!;
      b.consensus = bytesToHex(acc);
      b.resolvedMask = e.args.resolvedMask;
      b.finalisations.push({ round: e.args.round, newlyResolvedMask: e.args.newlyResolvedMask, tx: e.transactionHash as Hex, block: e.blockNumber as bigint });
    } else if (e.eventName === "ExtraRoundOpened") {
      const b = batchOf(e.args.batchId);
      b.rounds = Math.max(b.rounds, e.args.round + 1);
    }
  }
  return {
    manifest: simManifest(replay.plan),
    manifestCid: manifestCidOf(replay.plan),
    task: {
      id: replay.taskId,
      chainId: options.chainId,
      contract: options.contract,
      token: p.token,
      owner: created.args.owner,
      itemCount: p.itemCount,
      batchSize: p.batchSize,
      classCount: p.classCount,
      redundancy: p.redundancy,
      maxRedundancy: p.maxRedundancy,
      minAgreement: p.minAgreement,
      createdTx: created.transactionHash as Hex,
      createdBlock: created.blockNumber as bigint,
    },
    batches: [...batches.values()].sort((a, b) => a.batchId - b.batchId),
  };
}

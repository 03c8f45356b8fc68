import { createPublicClient, http, numberToHex, pad, type PublicClient } from "viem";
import { readDatasetSource, type DatasetSource, type TaskManifest } from "@crowdlabel/sdk";
import type { Deployment } from "@crowdlabel/sdk/devchain";
import { ChainSession, type RawLog } from "./ChainSession.ts";
import { SimulationError } from "./SimulationError.ts";
import type { TaskReplay } from "./replayTask.ts";
import { manifestCidOf, simManifest } from "./simManifest.ts";

export type TaskEvents = ReturnType<typeof ChainSession.events>;

export type ChainSourceOptions = {
  session: ChainSession;
  deployment: Deployment;
  replay: TaskReplay;
  /** Where the manifest comes from; default: the simulator's own manifest of the plan, checked against the task's CID. */
  loadManifest?: (cid: string) => Promise<TaskManifest>;
};

const clients = new WeakMap<ChainSession, PublicClient>();
const clientOf = (session: ChainSession) => {
  let client = clients.get(session);
  if (!client) clients.set(session, (client = createPublicClient({ transport: http(session.rpcUrl) })));
  return client;
};

/**
 * The export source of a replayed task, rebuilt from the chain's event logs by the sdk's `readDatasetSource`
 * (as the CLI's `export` does: nothing is taken from the simulator's bookkeeping), plus every raw event of the
 * task for what the export does not carry (rewards, forfeited bonds, gas analysis).
 */
export async function chainDatasetSource(options: ChainSourceOptions): Promise<{ source: DatasetSource; events: TaskEvents }> {
  const { session, deployment, replay } = options;
  const loadManifest =
    options.loadManifest ??
    (async (cid: string) => {
      if (cid !== (await manifestCidOf(replay.plan))) throw new SimulationError(`Task ${replay.taskId} names manifest ${cid}, not the one of ${replay.plan.tag}.`);
      return simManifest(replay.plan);
    });
  const source = await readDatasetSource({ client: clientOf(session), contract: deployment.crowdlabel, taskId: replay.taskId, fromBlock: replay.createdBlock, loadManifest });
  return { source, events: await fetchTaskEvents(options) };
}

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

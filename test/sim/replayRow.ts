import type { PrivateKeyAccount } from "viem/accounts";
import { analyseRow, type RowResult, type TaskOutcome } from "./analyseRow.ts";
import { chainDatasetSource } from "./chainDatasetSource.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import { fundAccounts } from "./fundAccounts.ts";
import { replayTask } from "./replayTask.ts";
import type { ScenarioRow } from "./scenarios.ts";
import type { SimChain } from "./simChain.ts";
import type { SimServices } from "./simServices.ts";

/**
 * Replays every task of a report row on a chain and analyses it. With services, each manifest is uploaded to
 * IPFS before its task is created and read back from IPFS for the export. The tasks are posted by `owner`
 * (funded already; default the chain's owner).
 */
export async function replayRow(options: { chain: SimChain; row: ScenarioRow; dataset: CrowdDataset; owner?: PrivateKeyAccount; services?: SimServices; log: (line: string) => void }): Promise<{ result: RowResult; outcomes: TaskOutcome[] }> {
  const { chain, row, services, log } = options;
  const { session, deployment } = chain;
  const owner = options.owner ?? chain.owner;
  const outcomes: TaskOutcome[] = [];
  await session.setBlockPerFlush(row.kind === "hits");
  for (const plan of row.plans) {
    await fundAccounts({ session, deployment, payer: chain.owner, accounts: plan.claimers.map((c) => c.account), funded: chain.funded });
    await services?.publish(plan);
    const track = plan.claimers.filter((c) => c.role !== "worker" && c.role !== "slotActor").map((c) => c.account.address);
    const replay = await replayTask({ session, deployment, owner, plan, track, log });
    const { source, events } = await chainDatasetSource({ session, deployment, replay, loadManifest: services?.loadManifest });
    outcomes.push({ replay, source, events });
    log(
      `${plan.tag}: ${plan.items.length} items, batch ${plan.batchSize}, ${replay.iterations} iterations, ` +
        `${replay.timeJumps} time jumps, ${replay.stuckBatches} stuck batches, ${replay.seconds.toFixed(1)} s`,
    );
  }
  const result = await analyseRow({ row, outcomes, dataset: options.dataset, gas: session.gas });
  log(
    `  -> consensus ${result.consensusAccuracy.toFixed(3)} (coverage ${result.coverage.toFixed(3)}), MV ${result.mvAccuracy.toFixed(3)}, ` +
      `DS ${result.dsAccuracy.toFixed(3)}, ${Math.round(result.gas.perLabel)} gas/label`,
  );
  return { result, outcomes };
}

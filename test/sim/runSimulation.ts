import { cpus, totalmem } from "node:os";
import type { Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { anvilPrivateKeys, deployProtocol } from "@crowdlabel/sdk/devchain";
import { startSimAnvil } from "./simChain.ts";
import { analyseRow, type RowResult, type TaskOutcome } from "./analyseRow.ts";
import { adversaryReport, denseReputation, sparseReputation, type AdversaryReport, type ReputationResult } from "./analyseDataset.ts";
import { ChainSession } from "./ChainSession.ts";
import { chainDatasetSource } from "./chainDatasetSource.ts";
import { qualityChecks, type Check } from "./checks.ts";
import { isDense, sliceDataset, type CrowdDataset } from "./crowdDataset.ts";
import { loadDataset } from "./findDatasets.ts";
import { fundAccounts } from "./fundAccounts.ts";
import { indexerReputation, sdkReputation, type ReputationSource } from "./reputation.ts";
import { replayTask } from "./replayTask.ts";
import { scenariosFor } from "./scenarios.ts";
import { DatasetMissingError } from "./SimulationError.ts";
import { ETH_USD, GAS_PRICES_GWEI } from "./gasCost.ts";

export type SimulationOptions = {
  datasets: readonly string[];
  /** Replay only the first `items` items (and `workers` workers) of each dataset. */
  limit?: { items?: number; workers?: number };
  adversaries: boolean;
  /** Indexer API base URL to read reputation from; the sdk fallback is used when it does not answer. */
  indexerUrl?: string;
  seed: number;
  log: (line: string) => void;
};

export type DatasetSummary = {
  name: string;
  source: string;
  items: number;
  workers: number;
  labels: number;
  dense: boolean;
  subset: string | null;
};

export type SimulationReport = {
  generatedAt: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string };
  prices: { gasGwei: typeof GAS_PRICES_GWEI; ethUsd: number; rewardPerLabelUsd: number };
  datasets: DatasetSummary[];
  missing: { name: string; message: string }[];
  rows: RowResult[];
  reputation: Record<string, ReputationResult>;
  adversaries: AdversaryReport[];
  checks: Check[];
  seconds: number;
};

/** Replays every dataset on a fresh anvil chain and measures the outcome. */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = Date.now();
  const datasets: CrowdDataset[] = [];
  const missing: SimulationReport["missing"] = [];
  for (const name of options.datasets) {
    try {
      let dataset = await loadDataset(name);
      if (options.limit) dataset = sliceDataset(dataset, options.limit);
      datasets.push(dataset);
    } catch (error) {
      if (!(error instanceof DatasetMissingError)) throw error;
      missing.push({ name, message: error.message });
      options.log(`MISSING dataset ${name}: ${error.shortMessage} ${error.details ?? ""}`);
    }
  }

  const anvil = await startSimAnvil();
  const rows: RowResult[] = [];
  const reputation: Record<string, ReputationResult> = {};
  const adversaries: AdversaryReport[] = [];
  try {
    const deployment = await deployProtocol({ rpcUrl: anvil.rpcUrl });
    const session = new ChainSession(anvil.rpcUrl, anvil.chainId);
    await session.mineEachTransaction();
    const owner = privateKeyToAccount(anvilPrivateKeys[0]);
    const funded = new Set<Address>();
    await fundAccounts({ session, deployment, payer: owner, accounts: [owner], funded });

    for (const dataset of datasets) {
      const scenarioRows = scenariosFor(dataset, { seed: options.seed, adversaries: options.adversaries });
      const outcomes: TaskOutcome[] = [];
      for (const row of scenarioRows) {
        const rowOutcomes: TaskOutcome[] = [];
        for (const plan of row.plans) {
          await fundAccounts({ session, deployment, payer: owner, accounts: plan.claimers.map((c) => c.account), funded });
          const track = plan.claimers.filter((c) => c.role !== "worker" && c.role !== "slotActor").map((c) => c.account.address);
          const replay = await replayTask({ session, deployment, owner, plan, track, log: options.log });
          const { source, events } = await chainDatasetSource({ session, deployment, replay });
          rowOutcomes.push({ replay, source, events });
          options.log(
            `${plan.tag}: ${plan.items.length} items, batch ${plan.batchSize}, ${replay.iterations} iterations, ` +
              `${replay.timeJumps} time jumps, ${replay.stuckBatches} stuck batches, ${replay.seconds.toFixed(1)} s`,
          );
        }
        outcomes.push(...rowOutcomes);
        const result = await analyseRow({ row, outcomes: rowOutcomes, dataset, gas: session.gas });
        rows.push(result);
        options.log(
          `  -> consensus ${result.consensusAccuracy.toFixed(3)} (coverage ${result.coverage.toFixed(3)}), MV ${result.mvAccuracy.toFixed(3)}, ` +
            `DS ${result.dsAccuracy.toFixed(3)}, ${Math.round(result.gas.perLabel)} gas/label`,
        );
      }

      const accounts = [...new Map(outcomes.flatMap((o) => o.replay.plan.claimers).map((c) => [c.account.address, c])).values()];
      let rep: ReputationSource | undefined;
      if (options.indexerUrl) rep = await indexerReputation(options.indexerUrl, accounts.map((c) => c.account.address));
      if (!rep) rep = sdkReputation(outcomes);
      const revealed = new Map<string, number>();
      for (const o of outcomes)
        for (const e of o.events)
          if (e.eventName === "LabelsRevealed") {
            const key = e.args.annotator.toLowerCase();
            revealed.set(key, (revealed.get(key) ?? 0) + (e.args.labels.length - 2) / 2);
          }
      reputation[dataset.name] = isDense(dataset)
        ? denseReputation({ dataset, claimers: accounts, reputation: rep, revealed, minLabels: 1 })
        : sparseReputation({ dataset, outcomes, minLabels: 1 });
      for (const o of outcomes) if (o.replay.plan.claimers.some((c) => c.role !== "worker" && c.role !== "slotActor")) adversaries.push(adversaryReport({ outcome: o, reputation: rep }));
    }
  } finally {
    await anvil.stop();
  }

  return {
    generatedAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    prices: { gasGwei: GAS_PRICES_GWEI, ethUsd: ETH_USD, rewardPerLabelUsd: 0.01 },
    datasets: datasets.map((d) => ({
      name: d.name,
      source: d.source,
      items: d.items.length,
      workers: d.workers.length,
      labels: [...d.labels.values()].reduce((n, l) => n + l.length, 0),
      dense: isDense(d),
      subset: options.limit ? `first ${options.limit.items ?? "all"} items, first ${options.limit.workers ?? "all"} workers` : null,
    })),
    missing,
    rows,
    reputation,
    adversaries,
    checks: qualityChecks({ rows, reputation }),
    seconds: (Date.now() - started) / 1000,
  };
}

import { cpus, totalmem } from "node:os";
import type { PrivateKeyAccount } from "viem/accounts";
import type { RowResult, TaskOutcome } from "./analyseRow.ts";
import { adversaryReport, workerReputation, sparseReputation, type AdversaryReport, type ReputationResult } from "./analyseDataset.ts";
import { qualityChecks, type Check } from "./checks.ts";
import { isDense, sliceDataset, type CrowdDataset } from "./crowdDataset.ts";
import { loadDataset } from "./findDatasets.ts";
import { runGasSweep, type GasSweep } from "./gasSweep.ts";
import { ETH_USD, GAS_PRICES_GWEI } from "./gasCost.ts";
import { watchIndexer, type IndexerProgress } from "./indexerProgress.ts";
import { indexerReputation, sdkReputation, type ReputationSource } from "./reputation.ts";
import { runReplicates, type ReplicateSummary } from "./replicates.ts";
import { replayRow } from "./replayRow.ts";
import { scenariosFor } from "./scenarios.ts";
import { fundAccounts } from "./fundAccounts.ts";
import { simAccount } from "./simAccounts.ts";
import { openSimChain, type SimChain } from "./simChain.ts";
import { startSimServices, type IndexerState, type SimServices } from "./simServices.ts";
import { DatasetMissingError, SimulationError } from "./SimulationError.ts";

export type SimulationOptions = {
  datasets: readonly string[];
  /** Replay only the first `items` items (and `workers` workers) of each dataset. */
  limit?: { items?: number; workers?: number };
  adversaries: boolean;
  /** Start the embedded IPFS node and the indexer against the chain, upload the manifests, read reputation from the indexer. */
  indexer: boolean;
  /** Also wait until the indexer has indexed the whole chain (sparse datasets too) and report the time. */
  indexAll: boolean;
  /** Replicates of the adaptive-vs-fixed comparison (1 = the main run only) and the datasets that get them. */
  replicates: { count: number; datasets: readonly string[] };
  /** Gas per label against batch size on one dataset (skipped when that dataset is not replayed). */
  gasSweep?: { dataset: string; redundancy: number; batchSizes: readonly number[] };
  seed: number;
  log: (line: string) => void;
};

export type DatasetSummary = {
  name: string;
  source: string;
  items: number;
  /** Items with a ground truth: accuracies are over these. */
  itemsWithTruth: number;
  workers: number;
  labels: number;
  dense: boolean;
  subset: string | null;
};

/** How the indexer did on the main chain. */
export type IndexingReport = {
  error: string | null;
  /** Seconds from launch until its API answered (Ponder build, database, migrations). */
  readySeconds: number | null;
  /** Per dataset: the last block of its tasks, the contract events up to there, and when the indexer got there (seconds after launch). */
  datasets: { name: string; block: number; events: number; replayedAtSeconds: number; indexedAtSeconds: number | null }[];
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
  replicates: ReplicateSummary[];
  gasSweep: GasSweep | null;
  indexing: IndexingReport | null;
  checks: Check[];
  /** Wall time of each part of the run. */
  timings: { mainReplay: number; replicates: number; gasSweep: number; indexerWait: number };
  seconds: number;
};

/** Minutes the run waits for the indexer to reach a block once nothing else is left to do. */
const INDEXER_WAIT_MS = 20 * 60_000;

async function loadDatasets(options: SimulationOptions) {
  const datasets: CrowdDataset[] = [];
  const missing: SimulationReport["missing"] = [];
  for (const name of options.datasets) {
    try {
      let dataset = await loadDataset(name);
      if (options.limit) dataset = sliceDataset(dataset, options.limit);
      if (dataset.items.length === 0) {
        const message = `No item of ${name} is left with labels in the first ${options.limit?.items ?? "all"} items and first ${options.limit?.workers ?? "all"} workers.`;
        missing.push({ name, message });
        options.log(`SKIPPED dataset ${name}: ${message}`);
        continue;
      }
      datasets.push(dataset);
    } catch (error) {
      if (!(error instanceof DatasetMissingError)) throw error;
      missing.push({ name, message: error.message });
      options.log(`MISSING dataset ${name}: ${error.shortMessage} ${error.details ?? ""}`);
    }
  }
  return { datasets, missing };
}

type Replayed = { dataset: CrowdDataset; outcomes: TaskOutcome[]; endBlock: bigint; events: number; replayedAt: number };

/**
 * Each dataset is posted by a requester of its own, as different projects would be, so the indexer's reputation pools
 * (one Dawid-Skene model per owner and number of classes) stay per dataset: bluebirds, rte and d_product all have two
 * classes. The first dataset keeps the chain's owner, so its replay, and with it replicate 0 of its comparisons, is the
 * chain it always was.
 */
async function datasetOwner(chain: SimChain, dataset: CrowdDataset, index: number): Promise<PrivateKeyAccount> {
  if (index === 0) return chain.owner;
  const owner = simAccount(dataset.name, "owner");
  await fundAccounts({ session: chain.session, deployment: chain.deployment, payer: chain.owner, accounts: [owner], funded: chain.funded });
  return owner;
}

/**
 * Replays every dataset on one anvil chain (with IPFS and the indexer next to it), then the replicates and the
 * gas sweep on chains of their own, and measures the outcome.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const started = Date.now();
  const { log } = options;
  const { datasets, missing } = await loadDatasets(options);
  if (datasets.length === 0)
    throw new SimulationError(`None of the requested datasets (${options.datasets.join(", ")}) could be loaded.`, { details: missing.map((m) => `${m.name}: ${m.message}`).join("\n") });
  const timings = { mainReplay: 0, replicates: 0, gasSweep: 0, indexerWait: 0 };

  const chain = await openSimChain();
  let services: SimServices | undefined;
  let progress: IndexerProgress | undefined;
  const rows: RowResult[] = [];
  const replayed: Replayed[] = [];
  const reputation: Record<string, ReputationResult> = {};
  const adversaries: AdversaryReport[] = [];
  const replicates: ReplicateSummary[] = [];
  let gasSweep: GasSweep | null = null;
  let indexing: IndexingReport | null = null;
  try {
    let indexerState: Promise<IndexerState> | undefined;
    let launchedAt = 0;
    if (options.indexer) {
      services = await startSimServices({ anvil: chain.anvil, deployment: chain.deployment, log });
      launchedAt = Date.now();
      indexerState = services.indexer.then((state) => {
        if ("indexer" in state) progress = watchIndexer(state.indexer, state.startedAt);
        return state;
      });
    }

    for (const [index, dataset] of datasets.entries()) {
      const outcomes: TaskOutcome[] = [];
      const owner = await datasetOwner(chain, dataset, index);
      for (const row of scenariosFor(dataset, { seed: options.seed, adversaries: options.adversaries })) {
        const replay = await replayRow({ chain, row, dataset, owner, services, log });
        rows.push(replay.result);
        outcomes.push(...replay.outcomes);
      }
      const endBlock = outcomes.reduce((b, o) => (o.replay.endBlock > b ? o.replay.endBlock : b), 0n);
      replayed.push({ dataset, outcomes, endBlock, events: outcomes.reduce((n, o) => n + o.events.length, 0), replayedAt: (Date.now() - launchedAt) / 1000 });
    }
    timings.mainReplay = (Date.now() - started) / 1000;

    // Other chains while the indexer catches up with the main one.
    const t0 = Date.now();
    for (const dataset of datasets.filter((d) => options.replicates.count > 1 && options.replicates.datasets.includes(d.name))) {
      const summary = await runReplicates({ dataset, main: rows, count: options.replicates.count, seed: options.seed, log });
      if (summary) replicates.push(summary);
    }
    timings.replicates = (Date.now() - t0) / 1000;
    const sweepDataset = datasets.find((d) => d.name === options.gasSweep?.dataset);
    if (options.gasSweep && sweepDataset) {
      const t1 = Date.now();
      gasSweep = await runGasSweep({ ...options.gasSweep, dataset: sweepDataset, seed: options.seed, log });
      timings.gasSweep = (Date.now() - t1) / 1000;
    }

    // Reputation: the indexer's for dense data (real worker accounts), the sdk over re-attached worker ids for sparse data.
    const t2 = Date.now();
    const state = indexerState ? await indexerState : { error: "run with --no-indexer" };
    let cumulativeEvents = 0;
    const indexedDatasets: IndexingReport["datasets"] = [];
    for (const { dataset, outcomes, endBlock, events, replayedAt } of replayed) {
      cumulativeEvents += events;
      const accounts = [...new Map(outcomes.flatMap((o) => o.replay.plan.claimers).map((c) => [c.account.address, c])).values()];
      let rep: ReputationSource | undefined;
      let why = "error" in state ? `no indexer: ${state.error}` : "";
      const dense = isDense(dataset);
      if ("indexer" in state && (dense || options.indexAll)) {
        try {
          rep = await indexerReputation({ indexer: state.indexer, block: endBlock, addresses: accounts.map((c) => c.account.address), timeoutMs: INDEXER_WAIT_MS });
          log(`indexer reached block ${endBlock} (${dataset.name}) ${progress?.reachedAt(endBlock)?.toFixed(0) ?? "?"} s after launch`);
        } catch (error) {
          why = `indexer failed: ${error instanceof Error ? error.message : String(error)}`;
          log(`INDEXER REPUTATION UNAVAILABLE for ${dataset.name}: ${why}`);
        }
        indexedDatasets.push({ name: dataset.name, block: Number(endBlock), events: cumulativeEvents, replayedAtSeconds: replayedAt, indexedAtSeconds: rep ? (progress?.reachedAt(endBlock) ?? (Date.now() - launchedAt) / 1000) : null });
      }
      rep ??= sdkReputation(outcomes, why || "indexer not asked");
      const revealed = new Map<string, number>();
      for (const o of outcomes)
        for (const e of o.events)
          if (e.eventName === "LabelsRevealed") {
            const key = e.args.annotator.toLowerCase();
            revealed.set(key, (revealed.get(key) ?? 0) + (e.args.labels.length - 2) / 2);
          }
      // Real worker accounts (dense data, HIT replays of sparse data) carry their own reputation; otherwise re-attach workers to slot actors.
      reputation[dataset.name] = accounts.some((c) => c.role === "worker")
        ? workerReputation({ dataset, claimers: accounts, reputation: rep, revealed, minLabels: 1 })
        : sparseReputation({ dataset, outcomes, minLabels: 1 });
      for (const o of outcomes) if (o.replay.plan.claimers.some((c) => c.role !== "worker" && c.role !== "slotActor")) adversaries.push(adversaryReport({ outcome: o, reputation: rep }));
    }
    timings.indexerWait = (Date.now() - t2) / 1000;
    if (options.indexer)
      indexing = {
        error: "error" in state ? state.error : null,
        readySeconds: "indexer" in state ? (state.readyAt - state.startedAt) / 1000 : null,
        datasets: indexedDatasets,
      };
  } finally {
    progress?.stop();
    await services?.stop();
    await chain.stop();
  }

  return {
    generatedAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    prices: { gasGwei: GAS_PRICES_GWEI, ethUsd: ETH_USD, rewardPerLabelUsd: 0.01 },
    datasets: datasets.map((d) => ({
      name: d.name,
      source: d.source,
      items: d.items.length,
      itemsWithTruth: d.items.filter((item) => d.truth.has(item)).length,
      workers: d.workers.length,
      labels: [...d.labels.values()].reduce((n, l) => n + l.length, 0),
      dense: isDense(d),
      subset: options.limit ? `first ${options.limit.items ?? "all"} items, first ${options.limit.workers ?? "all"} workers` : null,
    })),
    missing,
    rows,
    reputation,
    adversaries,
    replicates,
    gasSweep,
    indexing,
    checks: qualityChecks({ rows, reputation, replicates, sliced: new Set(options.limit ? datasets.map((d) => d.name) : []) }),
    timings,
    seconds: (Date.now() - started) / 1000,
  };
}

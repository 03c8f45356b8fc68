import type { Address } from "viem";
import { agreementRates, buildCrowdLabels, datasetCrowdLabels, isResolvedAt, type LabelTriple } from "@crowdlabel/sdk";
import type { RunningIndexer } from "../stack/startIndexer.ts";
import type { TaskOutcome } from "./analyseRow.ts";
import { SimulationError } from "./SimulationError.ts";

/** Where reputation scores come from: the indexer's API, or the sdk's agreement rate when no indexer answers. */
export type ReputationSource = {
  label: string;
  fromIndexer: boolean;
  score: (address: Address) => number | undefined;
  /** The indexer's score before its confidence factor n / (n + 50) (`reputation.breakdown.quality`), when known. */
  quality?: (address: Address) => number | undefined;
  /** The indexer's quality components (`reputation.breakdown`), when known. */
  components?: (address: Address) => ReputationComponents | undefined;
};

/** The quality components of the indexer's score (indexer/README.md, "Reputation"); null where the indexer has none. */
export type ReputationComponents = { consensusAgreement: number | null; peerPrediction: number | null; goldAccuracy: number | null; dsSkill: number | null };
export const COMPONENT_NAMES = ["consensusAgreement", "peerPrediction", "goldAccuracy", "dsSkill"] as const;

/**
 * The sdk's reputation stand-in: Beta(1,1)-smoothed agreement of each annotator's revealed labels with the
 * on-chain consensus (`agreementRates`), over every task of the run (each task's items counted separately).
 */
export function sdkReputation(outcomes: readonly TaskOutcome[], why: string): ReputationSource {
  const triples: LabelTriple<string, string>[] = [];
  const reference = new Map<string, number | null>();
  for (const { source } of outcomes) {
    const data = datasetCrowdLabels(source);
    const consensus = new Map<number, number>();
    for (const batch of source.batches) {
      const bytes = Buffer.from(batch.consensus.slice(2), "hex");
      for (let o = 0; o < bytes.length; o++)
        if (isResolvedAt(batch.resolvedMask, o)) consensus.set(batch.batchId * source.task.batchSize + o, bytes[o]!);
    }
    for (let i = 0; i < data.itemCount; i++) {
      const key = `${source.task.id}:${i}`;
      reference.set(key, consensus.get(i) ?? null);
      for (let n = data.itemStart[i]!; n < data.itemStart[i + 1]!; n++) triples.push({ item: key, worker: data.workerIds[data.worker[n]!]!, label: data.label[n]! });
    }
  }
  const data = buildCrowdLabels(triples, { items: [...reference.keys()], classCount: 256 });
  const rates = agreementRates(data, data.itemIds.map((id) => reference.get(id) ?? null));
  const byWorker = new Map(data.workerIds.map((w, i) => [w.toLowerCase(), rates[i]!.rate]));
  return {
    label: `sdk agreementRates: Beta(1,1)-smoothed agreement with on-chain consensus (${why})`,
    fromIndexer: false,
    score: (address) => byWorker.get(address.toLowerCase()),
  };
}

/** The part of `GET /api/annotators/:address` the simulator reads (indexer/README.md, "REST API"). */
type AnnotatorDocument = { reputation?: { score?: unknown; breakdown?: Record<string, unknown> } };

const numberOrNull = (v: unknown) => (typeof v === "number" ? v : null);

export class IndexerReputationError extends SimulationError {
  override name = "IndexerReputationError";
}

/**
 * Reputation from the indexer's REST API (`GET /api/annotators/:address` -> `reputation.score`, 0..1000), read once
 * the indexer has indexed `block` (the last block of the dataset's tasks). Throws when it does not get there or
 * serves no score.
 */
export async function indexerReputation(options: { indexer: RunningIndexer; block: bigint; addresses: readonly Address[]; timeoutMs: number }): Promise<ReputationSource & { seconds: number }> {
  const { indexer } = options;
  const started = Date.now();
  try {
    await indexer.waitForBlock(options.block, options.timeoutMs);
  } catch (error) {
    throw new IndexerReputationError(`The indexer did not reach block ${options.block}.`, { details: error instanceof Error ? error.message.split("\n")[0] : String(error) });
  }
  const seconds = (Date.now() - started) / 1000;
  const scores = new Map<string, { score: number; quality: number | undefined; components: ReputationComponents }>();
  for (const address of options.addresses) {
    const res = await fetch(`${indexer.url}/api/annotators/${address.toLowerCase()}`);
    if (res.status === 404) continue;
    if (!res.ok) throw new IndexerReputationError(`GET /api/annotators/${address} answered HTTP ${res.status}.`, { details: await res.text() });
    const doc = (await res.json()) as AnnotatorDocument;
    const score = doc.reputation?.score;
    const breakdown = doc.reputation?.breakdown ?? {};
    const quality = breakdown.quality;
    if (typeof score !== "number") throw new IndexerReputationError(`The indexer served no reputation.score for ${address}.`, { details: JSON.stringify(doc).slice(0, 500) });
    const components = Object.fromEntries(COMPONENT_NAMES.map((k) => [k, numberOrNull(breakdown[k])])) as ReputationComponents;
    scores.set(address.toLowerCase(), { score, quality: typeof quality === "number" ? quality : undefined, components });
  }
  return {
    label: "indexer `GET /api/annotators/:address` reputation.score (0..1000), indexer started by `pnpm simulate` on the simulation chain",
    fromIndexer: true,
    score: (a) => scores.get(a.toLowerCase())?.score,
    quality: (a) => scores.get(a.toLowerCase())?.quality,
    components: (a) => scores.get(a.toLowerCase())?.components,
    seconds,
  };
}

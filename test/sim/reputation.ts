import type { Address } from "viem";
import { agreementRates, buildCrowdLabels, datasetCrowdLabels, type LabelTriple } from "@crowdlabel/sdk";
import type { TaskOutcome } from "./analyseRow.ts";

/** Where reputation scores come from: the indexer's API, or the sdk's agreement rate when no indexer answers. */
export type ReputationSource = {
  label: string;
  fromIndexer: boolean;
  score: (address: Address) => number | undefined;
};

/**
 * The sdk's reputation stand-in: Beta(1,1)-smoothed agreement of each annotator's revealed labels with the
 * on-chain consensus (`agreementRates`), over every task of the run (each task's items counted separately).
 */
export function sdkReputation(outcomes: readonly TaskOutcome[]): ReputationSource {
  const triples: LabelTriple<string, string>[] = [];
  const reference = new Map<string, number | null>();
  for (const { source } of outcomes) {
    const data = datasetCrowdLabels(source);
    const consensus = new Map<number, number>();
    for (const batch of source.batches) {
      const bytes = Buffer.from(batch.consensus.slice(2), "hex");
      for (let o = 0; o < bytes.length; o++)
        if ((batch.resolvedMask >> BigInt(o)) & 1n) consensus.set(batch.batchId * source.task.batchSize + o, bytes[o]!);
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
    label: "sdk agreementRates: Beta(1,1)-smoothed agreement with on-chain consensus (no indexer answered)",
    fromIndexer: false,
    score: (address) => byWorker.get(address.toLowerCase()),
  };
}

/** Reads a number from the first of several dotted paths that holds one. */
function pick(value: unknown, paths: readonly string[]): number | undefined {
  for (const path of paths) {
    let v: unknown = value;
    for (const key of path.split(".")) v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
}

/** Score fields tried in an annotator document of the indexer API, most specific first. */
const SCORE_PATHS = ["reputation.score", "score", "annotator.reputation.score", "annotator.score", "reputation.quality", "quality"];

/**
 * Reputation from the indexer's REST API (`GET /api/annotators/:address`), read for the given addresses.
 * Returns undefined when the indexer does not answer or serves no score.
 */
export async function indexerReputation(url: string, addresses: readonly Address[]): Promise<ReputationSource | undefined> {
  const scores = new Map<string, number>();
  for (const address of addresses) {
    try {
      const res = await fetch(`${url.replace(/\/$/, "")}/api/annotators/${address.toLowerCase()}`);
      if (!res.ok) continue;
      const score = pick(await res.json(), SCORE_PATHS);
      if (score !== undefined) scores.set(address.toLowerCase(), score);
    } catch {
      return undefined;
    }
  }
  if (scores.size === 0) return undefined;
  return { label: `indexer API ${url}/api/annotators/:address (reputation score)`, fromIndexer: true, score: (a) => scores.get(a.toLowerCase()) };
}

import { hexToBytes } from "viem";
import {
  aggregateDataset,
  aggregateDatasets,
  batchItems,
  buildCrowdLabels,
  isResolvedAt,
  exportJsonl,
  majorityVote,
  pooledCrowdLabels,
  type DatasetSource,
  type LabelTriple,
} from "@crowdlabel/sdk";
import type { GasLedger, GasPhase } from "./ChainSession.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import type { TaskEvents } from "./chainDatasetSource.ts";
import type { TaskReplay } from "./replayTask.ts";
import type { ScenarioRow } from "./scenarios.ts";
import { gasCost, type GasCost } from "./gasCost.ts";

/** What one replayed task left on chain, as the exporters see it. */
export type TaskOutcome = { replay: TaskReplay; source: DatasetSource; events: TaskEvents };

export type ConsensusCheck = { items: number; mismatches: number; examples: string[] };

export type RowResult = {
  key: string;
  dataset: string;
  kind: ScenarioRow["kind"];
  redundancy: string;
  identities: ScenarioRow["identities"];
  tasks: number;
  batchSize: number;
  items: number;
  /** On-chain consensus equal to the truth, over all items (unresolved counts as wrong). */
  consensusAccuracy: number;
  /** The same over resolved items only. */
  consensusAccuracyResolved: number;
  coverage: number;
  /** sdk majority vote (ties to the lowest class) over every revealed label. */
  mvAccuracy: number;
  /** Dawid-Skene class of the JSONL export (one task) or sdk Dawid-Skene over the merged exports (several tasks). */
  dsAccuracy: number;
  dsSource: string;
  consensusCheck: ConsensusCheck;
  /** Labels revealed on chain (one per item of every revealed slot). */
  labelsCollected: number;
  /** Labels that entered consensus: revealed in rounds up to the one that resolved the item. */
  labelsUsed: number;
  /** Labels paid (RewardCredited.agreed). */
  labelsPaid: number;
  tokensPaid: number;
  gas: { total: number; byPhase: Partial<Record<GasPhase, number>>; txs: number; perLabel: number; perResolvedItem: number };
  cost: GasCost;
  replaySeconds: number;
  iterations: number;
  timeJumps: number;
  stuckBatches: number;
};

const TOKEN = 1e18;

/** Accuracy, coverage, the consensus-vs-majority check, labels and gas of one report row. */
export async function analyseRow(options: { row: ScenarioRow; outcomes: TaskOutcome[]; dataset: CrowdDataset; gas: GasLedger }): Promise<RowResult> {
  const { row, outcomes, dataset } = options;

  let consensusCorrect = 0;
  let resolved = 0;
  let resolvedCorrect = 0;
  let dsCorrect = 0;
  let dsTotal = 0;
  let truthTotal = 0;
  const check: ConsensusCheck = { items: 0, mismatches: 0, examples: [] };
  let labelsCollected = 0;
  let labelsUsed = 0;
  let labelsPaid = 0;
  let tokensPaid = 0n;

  // One task: its own export, Dawid-Skene over its labels. Several tasks (HITs, worker groups over the same items):
  // each task's export with the Dawid-Skene columns pooled over all of them, as `crowdlabel export --pool` and the
  // indexer's `?pool=` give an owner who split a dataset into tasks.
  const sources = outcomes.map((o) => o.source);
  const pooled = outcomes.length > 1 ? aggregateDatasets(sources) : undefined;
  // Dataset item id -> Dawid-Skene class; an item several tasks list gets one pooled verdict, counted once.
  const dsClassOf = new Map<string, number | null>();
  // Images with a consensus in any of the row's tasks: what the row's gas bought (tasks over the same images count them once).
  const resolvedImages = new Set<string>();
  for (const outcome of outcomes) {
    const { source } = outcome;
    const itemIds = outcome.replay.plan.items;
    const aggregation = pooled ? pooled.byTask.get(source.task.id)! : aggregateDataset(source);
    const records: { index: number; consensus: { classId: number } | null; dawidSkene: { classId: number } | null }[] = [];
    let buffer = "";
    for await (const chunk of exportJsonl(source, { aggregation })) buffer += chunk;
    for (const line of buffer.split("\n")) if (line) records.push(JSON.parse(line));
    for (const r of records) {
      const truth = dataset.truth.get(itemIds[r.index]!);
      if (truth === undefined) continue;
      truthTotal++;
      const c = r.consensus?.classId ?? null;
      if (c !== null) {
        resolvedImages.add(itemIds[r.index]!);
        resolved++;
        if (c === truth) resolvedCorrect++;
      }
      if (c === truth) consensusCorrect++;
      dsClassOf.set(itemIds[r.index]!, r.dawidSkene?.classId ?? null);
    }
    const usage = consensusVersusMajority(source, records.map((r) => r.consensus?.classId ?? null), check);
    labelsCollected += usage.collected;
    labelsUsed += usage.used;
    for (const e of outcome.events)
      if (e.eventName === "RewardCredited") {
        labelsPaid += e.args.agreed;
        tokensPaid += e.args.amount;
      }
  }

  for (const [item, dsClass] of dsClassOf) {
    const truth = dataset.truth.get(item);
    if (truth === undefined) continue;
    dsTotal++;
    if (dsClass === truth) dsCorrect++;
  }
  const dsSource = pooled ? `JSONL exports, Dawid-Skene pooled over the ${outcomes.length} tasks (sdk aggregateDatasets)` : "JSONL export (dawidSkene.classId)";

  // Majority vote per image over every revealed vote of the row's tasks: tasks over the same items pool their votes,
  // tasks over different items (HITs) add their items.
  const merged = pooled?.data ?? pooledCrowdLabels(sources);
  const itemOfCid = new Map(outcomes.flatMap((o) => o.source.manifest.items.map((item, i) => [item.cid, o.replay.plan.items[i]!] as const)));
  const truthOf = (i: number) => dataset.truth.get(itemOfCid.get(merged.itemIds[i]!)!);
  const itemsWithTruth = merged.itemIds.filter((cid) => dataset.truth.has(itemOfCid.get(cid)!)).length;
  const mv = majorityVote(merged, { tieBreak: "lowest" });
  let mvCorrect = 0;
  mv.labels.forEach((label, i) => label !== null && label === truthOf(i) && mvCorrect++);

  let gasTotal = 0;
  let txs = 0;
  const byPhase: Partial<Record<GasPhase, number>> = {};
  for (const plan of row.plans)
    for (const [phase, entry] of options.gas.get(plan.tag) ?? []) {
      byPhase[phase] = (byPhase[phase] ?? 0) + Number(entry.gas);
      gasTotal += Number(entry.gas);
      txs += entry.txs;
    }
  return {
    key: row.key,
    dataset: row.dataset,
    kind: row.kind,
    redundancy: row.redundancyLabel,
    identities: row.identities,
    tasks: outcomes.length,
    batchSize: Math.max(...row.plans.map((p) => p.batchSize)),
    items: merged.itemCount,
    consensusAccuracy: consensusCorrect / truthTotal,
    consensusAccuracyResolved: resolved === 0 ? Number.NaN : resolvedCorrect / resolved,
    coverage: resolved / truthTotal,
    mvAccuracy: mvCorrect / itemsWithTruth,
    dsAccuracy: dsCorrect / dsTotal,
    dsSource,
    consensusCheck: check,
    labelsCollected,
    labelsUsed,
    labelsPaid,
    tokensPaid: Number(tokensPaid) / TOKEN,
    gas: { total: gasTotal, byPhase, txs, perLabel: gasTotal / labelsCollected, perResolvedItem: gasTotal / Math.max(1, resolvedImages.size) },
    cost: gasCost({ gas: gasTotal, resolvedItems: resolvedImages.size, tokensPaid: Number(tokensPaid) / TOKEN }),
    replaySeconds: outcomes.reduce((s, o) => s + o.replay.seconds, 0),
    iterations: outcomes.reduce((s, o) => s + o.replay.iterations, 0),
    timeJumps: outcomes.reduce((s, o) => s + o.replay.timeJumps, 0),
    stuckBatches: outcomes.reduce((s, o) => s + o.replay.stuckBatches, 0),
  };
}

/**
 * The binding rule against the sdk's majority vote: per item, the votes the contract counted (every revealed
 * label of the rounds up to the one that resolved it, or all rounds if it never resolved) go through
 * `majorityVote` with ties left unresolved (`tieBreak: "none"`) and the task's minimum agreement; the result
 * must equal the on-chain consensus (both null when unresolved).
 */
function consensusVersusMajority(source: DatasetSource, onChain: readonly (number | null)[], check: ConsensusCheck) {
  const { itemCount, minAgreement, classCount } = source.task;
  const triples: LabelTriple<number, string>[] = [];
  let collected = 0;
  for (const batch of source.batches) {
    const { start, end } = batchItems(source.task, batch.batchId);
    const size = end - start;
    const resolvingRound = new Array<number>(size).fill(Number.POSITIVE_INFINITY);
    for (const f of batch.finalisations)
      for (let o = 0; o < size; o++) if (isResolvedAt(f.newlyResolvedMask, o)) resolvingRound[o] = Math.min(resolvingRound[o]!, f.round);
    for (const slot of batch.slots) {
      if (slot.labels === null) continue;
      const bytes = hexToBytes(slot.labels);
      collected += bytes.length;
      bytes.forEach((label, o) => {
        if (slot.round <= resolvingRound[o]!) triples.push({ item: start + o, worker: slot.annotator.toLowerCase(), label });
      });
    }
  }
  const counted = buildCrowdLabels(triples, { items: Array.from({ length: itemCount }, (_, i) => i), classCount: classCount + 1 });
  const mv = majorityVote(counted, { tieBreak: "none" });
  for (let i = 0; i < itemCount; i++) {
    const votes = counted.itemStart[i + 1]! - counted.itemStart[i]!;
    const winner = mv.labels[i] ?? null;
    const top = winner === null ? 0 : Math.round(mv.confidence[i]! * votes);
    const expected = winner !== null && top >= minAgreement ? winner : null;
    check.items++;
    if (expected !== onChain[i]) {
      check.mismatches++;
      if (check.examples.length < 5) check.examples.push(`task ${source.task.id} item ${i}: chain ${onChain[i]}, majority ${expected}`);
    }
  }
  return { collected, used: triples.length };
}

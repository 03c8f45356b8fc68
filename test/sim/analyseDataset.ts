import { hexToBytes, type Address } from "viem";
import { agreementRates, betaSmoothedRate, buildCrowdLabels, spearman, type LabelTriple } from "@crowdlabel/sdk";
import type { TaskOutcome } from "./analyseRow.ts";
import type { Claimer } from "./Claimer.ts";
import type { CrowdDataset } from "./crowdDataset.ts";
import { COMPONENT_NAMES, type ReputationComponents, type ReputationSource } from "./reputation.ts";

export type ReputationResult = {
  source: string;
  workers: number;
  spearman: number;
  /** Spearman of the score against each worker's true balanced accuracy (mean over true classes of the share labeled right). */
  spearmanBalanced: number;
  /** Indexer only: Spearman of the score before its confidence factor (`reputation.breakdown.quality`), for information. */
  spearmanQuality?: number;
  /** Indexer only: Spearman of each quality component against true accuracy, over the workers that have it (diagnostic). */
  spearmanComponents?: Partial<Record<keyof ReputationComponents, { spearman: number; workers: number }>>;
  /** Indexer only: seconds the run waited, after its last replay of the dataset, for the indexer to reach the dataset's last block. */
  indexerWaitSeconds?: number;
  /** How workers were identified: their own accounts (dense data) or re-attached from slot actors off chain. */
  identities: string;
  points: { worker: string; reputation: number; quality?: number; components?: ReputationComponents; trueAccuracy: number; trueBalancedAccuracy: number; labels: number }[];
};

type TrueAccuracy = { correct: number; total: number; byClass: Map<number, { correct: number; total: number }> };

/** Plain and balanced accuracy of a worker's tally: balanced is the mean, over the true classes they labeled, of the share labeled right. */
function trueFigures(acc: TrueAccuracy): { trueAccuracy: number; trueBalancedAccuracy: number } {
  const recalls = [...acc.byClass.values()].map((c) => c.correct / c.total);
  return { trueAccuracy: acc.correct / acc.total, trueBalancedAccuracy: recalls.reduce((a, b) => a + b, 0) / recalls.length };
}

/** Each worker's accuracy against the truth over every recorded label of the dataset, overall and per true class. */
export function workerAccuracy(dataset: CrowdDataset): Map<string, TrueAccuracy> {
  const out = new Map<string, TrueAccuracy>();
  for (const [item, labels] of dataset.labels) {
    const truth = dataset.truth.get(item);
    if (truth === undefined) continue;
    for (const l of labels) {
      const s = out.get(l.worker) ?? { correct: 0, total: 0, byClass: new Map() };
      const c = s.byClass.get(truth) ?? { correct: 0, total: 0 };
      s.total++;
      c.total++;
      if (l.label === truth) {
        s.correct++;
        c.correct++;
      }
      s.byClass.set(truth, c);
      out.set(l.worker, s);
    }
  }
  return out;
}

/**
 * Real worker accounts (dense data, HIT replays): the reputation of each worker's account (indexer, or the sdk fallback) against the worker's
 * true accuracy. Workers with fewer than `minLabels` revealed labels are left out (no evidence either way).
 */
export function workerReputation(options: { dataset: CrowdDataset; claimers: readonly Claimer[]; reputation: ReputationSource; revealed: Map<string, number>; minLabels: number }): ReputationResult {
  const truth = workerAccuracy(options.dataset);
  const points: ReputationResult["points"] = [];
  for (const c of options.claimers) {
    if (c.role !== "worker") continue;
    const labels = options.revealed.get(c.account.address.toLowerCase()) ?? 0;
    const rep = options.reputation.score(c.account.address);
    const acc = truth.get(c.id);
    if (rep === undefined || !acc || labels < options.minLabels) continue;
    points.push({
      worker: c.id,
      reputation: rep,
      quality: options.reputation.quality?.(c.account.address),
      components: options.reputation.components?.(c.account.address),
      ...trueFigures(acc),
      labels,
    });
  }
  const qualities = points.flatMap((p) => (p.quality === undefined ? [] : [p.quality]));
  const spearmanComponents: NonNullable<ReputationResult["spearmanComponents"]> = {};
  for (const name of COMPONENT_NAMES) {
    const have = points.filter((p) => typeof p.components?.[name] === "number");
    if (have.length >= 3) spearmanComponents[name] = { spearman: spearman(have.map((p) => p.components![name]!), have.map((p) => p.trueAccuracy)), workers: have.length };
  }
  return {
    source: options.reputation.label,
    workers: points.length,
    spearman: spearman(points.map((p) => p.reputation), points.map((p) => p.trueAccuracy)),
    spearmanBalanced: spearman(points.map((p) => p.reputation), points.map((p) => p.trueBalancedAccuracy)),
    ...(qualities.length > 0 && qualities.length === points.length ? { spearmanQuality: spearman(qualities, points.map((p) => p.trueAccuracy)) } : {}),
    ...(Object.keys(spearmanComponents).length > 0 ? { spearmanComponents } : {}),
    identities: "real workers, one account each",
    points,
  };
}

/**
 * Sparse data: slot actors carry many workers' labels, so no on-chain account stands for a worker. The simulator
 * knows which worker recorded each label an actor revealed; re-attaching those identities, the sdk's
 * Beta-smoothed agreement with the on-chain consensus is the reputation each real worker would have earned.
 */
export function sparseReputation(options: { dataset: CrowdDataset; outcomes: readonly TaskOutcome[]; minLabels: number }): ReputationResult {
  const { dataset } = options;
  const triples: LabelTriple<string, string>[] = [];
  const reference = new Map<string, number | null>();
  for (const { source, replay } of options.outcomes) {
    const actorIndex = new Map<string, number>();
    for (const c of replay.plan.claimers) if (c.role === "slotActor") actorIndex.set(c.account.address.toLowerCase(), Number(c.id.split("-").at(-1)));
    for (const batch of source.batches) {
      const start = batch.batchId * source.task.batchSize;
      const consensus = hexToBytes(batch.consensus);
      for (let o = 0; o < consensus.length; o++) reference.set(`${source.task.id}:${start + o}`, (batch.resolvedMask >> BigInt(o)) & 1n ? consensus[o]! : null);
      for (const slot of batch.slots) {
        const k = actorIndex.get(slot.annotator.toLowerCase());
        if (slot.labels === null || k === undefined) continue;
        hexToBytes(slot.labels).forEach((label, o) => {
          const worker = dataset.labels.get(replay.plan.items[start + o]!)?.[k]?.worker;
          if (worker !== undefined) triples.push({ item: `${source.task.id}:${start + o}`, worker, label });
        });
      }
    }
  }
  const data = buildCrowdLabels(triples, { items: [...reference.keys()], classCount: 256 });
  const rates = agreementRates(data, data.itemIds.map((id) => reference.get(id) ?? null));
  const truth = workerAccuracy(dataset);
  const points: ReputationResult["points"] = [];
  data.workerIds.forEach((worker, w) => {
    const acc = truth.get(worker);
    const r = rates[w]!;
    if (!acc || r.total < options.minLabels) return;
    points.push({ worker, reputation: r.rate, ...trueFigures(acc), labels: r.total });
  });
  return {
    source: "sdk agreementRates over real worker ids re-attached off chain (slot actors carry the labels on chain)",
    workers: points.length,
    spearman: spearman(points.map((p) => p.reputation), points.map((p) => p.trueAccuracy)),
    spearmanBalanced: spearman(points.map((p) => p.reputation), points.map((p) => p.trueBalancedAccuracy)),
    identities: "slot actors on chain; real workers re-attached by the simulator",
    points,
  };
}

export type AdversaryResult = {
  id: string;
  role: Claimer["role"];
  slots: number;
  labelsRevealed: number;
  earned: number;
  bondsForfeited: number;
  net: number;
  netPerSlot: number;
  /** Beta(1,1)-smoothed on-chain agreement (annotatorStats) after each replay iteration, by labels scored. */
  trajectory: { labelsScored: number; reputation: number }[];
  finalReputation: number | undefined;
};

export type AdversaryReport = {
  task: string;
  reputationSource: string;
  honest: { accounts: number; meanNetPerSlot: number; meanReputation: number; minReputation: number; medianReputation: number };
  adversaries: AdversaryResult[];
};

/** Earnings and reputation of each adversary of a task against the honest workers of the same task. */
export function adversaryReport(options: { outcome: TaskOutcome; reputation: ReputationSource }): AdversaryReport {
  const { outcome, reputation } = options;
  const per = new Map<string, { slots: number; labels: number; earned: bigint; forfeited: bigint }>();
  const get = (a: string) => {
    const key = a.toLowerCase();
    let v = per.get(key);
    if (!v) per.set(key, (v = { slots: 0, labels: 0, earned: 0n, forfeited: 0n }));
    return v;
  };
  for (const e of outcome.events) {
    if (e.eventName === "SlotAssigned") get(e.args.annotator).slots++;
    else if (e.eventName === "LabelsRevealed") get(e.args.annotator).labels += hexToBytes(e.args.labels).length;
    else if (e.eventName === "RewardCredited") get(e.args.annotator).earned += e.args.amount;
    else if (e.eventName === "BondForfeited") get(e.args.annotator).forfeited += e.args.amount;
  }
  const tokens = (v: bigint) => Number(v) / 1e18;
  const honestAccounts = outcome.replay.plan.claimers.filter((c) => c.role === "worker");
  const honestNet = honestAccounts
    .map((c) => per.get(c.account.address.toLowerCase()))
    .filter((v): v is NonNullable<typeof v> => v !== undefined && v.slots > 0)
    .map((v) => tokens(v.earned - v.forfeited) / v.slots);
  const honestRep = honestAccounts
    .filter((c) => (per.get(c.account.address.toLowerCase())?.slots ?? 0) > 0)
    .map((c) => reputation.score(c.account.address))
    .filter((v): v is number => v !== undefined)
    .sort((a, b) => a - b);
  const adversaries = outcome.replay.plan.claimers
    .filter((c) => c.role !== "worker" && c.role !== "slotActor")
    .map((c): AdversaryResult => {
      const v = per.get(c.account.address.toLowerCase()) ?? { slots: 0, labels: 0, earned: 0n, forfeited: 0n };
      const net = tokens(v.earned - v.forfeited);
      const trajectory = (outcome.replay.stats.get(c.account.address as Address) ?? []).map((s) => ({
        labelsScored: s.revealed,
        reputation: betaSmoothedRate({ agreed: s.agreed, total: s.revealed }),
      }));
      return {
        id: c.id,
        role: c.role,
        slots: v.slots,
        labelsRevealed: v.labels,
        earned: tokens(v.earned),
        bondsForfeited: tokens(v.forfeited),
        net,
        netPerSlot: v.slots === 0 ? 0 : net / v.slots,
        trajectory: trajectory.filter((t, i) => i === 0 || t.labelsScored !== trajectory[i - 1]!.labelsScored),
        finalReputation: reputation.score(c.account.address),
      };
    });
  const mean = (v: number[]) => (v.length === 0 ? Number.NaN : v.reduce((a, b) => a + b, 0) / v.length);
  return {
    task: outcome.replay.plan.tag,
    reputationSource: reputation.label,
    honest: {
      accounts: honestNet.length,
      meanNetPerSlot: mean(honestNet),
      meanReputation: mean(honestRep),
      minReputation: honestRep[0] ?? Number.NaN,
      medianReputation: honestRep[Math.floor(honestRep.length / 2)] ?? Number.NaN,
    },
    adversaries,
  };
}

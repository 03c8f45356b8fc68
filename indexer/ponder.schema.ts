import { index, onchainTable, primaryKey, type PgColumnsBuilders } from "ponder";
import type { TaskManifest } from "@crowdlabel/sdk";

// Counts and times that the contract stores as uint32/uint40 are `doublePrecision`: exact in JS numbers,
// and a hostile task (itemCount near 2^32) cannot overflow a 32-bit column and stop the indexer.

/** One row per task (TaskCreated), updated by every later event of the task. */
export const task = onchainTable(
  "task",
  (t) => ({
    id: t.bigint().primaryKey(),
    owner: t.hex().notNull(),
    token: t.hex().notNull(),
    manifestCid: t.text().notNull(),
    itemCount: t.doublePrecision().notNull(),
    batchSize: t.integer().notNull(),
    batchCount: t.doublePrecision().notNull(),
    classCount: t.integer().notNull(),
    redundancy: t.integer().notNull(),
    maxRedundancy: t.integer().notNull(),
    minAgreement: t.integer().notNull(),
    rewardPerLabel: t.bigint().notNull(),
    bondPerClaim: t.bigint().notNull(),
    claimTtl: t.doublePrecision().notNull(),
    commitWindow: t.doublePrecision().notNull(),
    revealWindow: t.doublePrecision().notNull(),
    deadline: t.doublePrecision().notNull(),
    minLabelsRevealed: t.doublePrecision().notNull(),
    minAgreementBps: t.integer().notNull(),
    goldCommitment: t.hex().notNull(),
    goldRevealed: t.boolean().notNull(),
    funded: t.bigint().notNull(),
    paid: t.bigint().notNull(),
    /** Bonds forfeited so far (expired claims, silent slots, lapsed requests; at close every bond still held). */
    bondsForfeited: t.bigint().notNull(),
    refund: t.bigint(),
    closed: t.boolean().notNull(),
    closedAt: t.doublePrecision(),
    datasetCid: t.text(),
    title: t.text(),
    manifest: t.json().$type<TaskManifest>(),
    /** Why the manifest could not be used: `unavailable: …` (IPFS) or `invalid: …` (schema / chain mismatch). */
    manifestError: t.text(),
    itemsResolved: t.doublePrecision().notNull(),
    /** Items of done batches that never reached consensus. */
    itemsUnresolvedFinal: t.doublePrecision().notNull(),
    /** Individual labels revealed (one per item per reveal). */
    labelsRevealed: t.doublePrecision().notNull(),
    batchesDone: t.doublePrecision().notNull(),
    /** Batches that got any slot assigned (rows in `batch`); the rest are untouched and open. */
    batchesTouched: t.doublePrecision().notNull(),
    finalisations: t.doublePrecision().notNull(),
    /** Finalisation count at the last Dawid-Skene run (see reputation/dawidSkeneSchedule.ts). */
    dsFinalisations: t.doublePrecision().notNull(),
    /** The `dsPool` whose worker model the task's labels feed (reputation). */
    dsPool: t.text().notNull(),
    /** Labels on resolved items: matrix[consensus][label] (classCount + 1 square). */
    confusion: t.json().$type<number[][]>().notNull(),
    createdAt: t.doublePrecision().notNull(),
    createdBlock: t.bigint().notNull(),
    createdTx: t.hex().notNull(),
  }),
  (table) => ({ ownerIdx: index().on(table.owner), tokenIdx: index().on(table.token), dsPoolIdx: index().on(table.dsPool) }),
);

/**
 * Tasks whose labels share one Dawid-Skene worker model for reputation: every task of one owner with one number of
 * classes (key `owner:classCount`, see reputation/poolDawidSkene.ts).
 */
export const dsPool = onchainTable("ds_pool", (t) => ({
  key: t.text().primaryKey(),
  owner: t.hex().notNull(),
  classCount: t.integer().notNull(),
  /** Class names of the pool's first task with a usable manifest, for display only (null until one has). */
  classes: t.json().$type<string[]>(),
  tasks: t.integer().notNull(),
  finalisations: t.doublePrecision().notNull(),
  /** Pool finalisation count at the last Dawid-Skene run. */
  dsFinalisations: t.doublePrecision().notNull(),
}));

/** An annotator's Dawid-Skene skill in one pool and the labels it rests on; `annotator.dsSkillWeighted` sums them. */
export const annotatorPool = onchainTable(
  "annotator_pool",
  (t) => ({
    address: t.hex().notNull(),
    pool: t.text().notNull(),
    dsSkill: t.doublePrecision().notNull(),
    dsLabels: t.doublePrecision().notNull(),
    tasks: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.address, table.pool] }) }),
);

/**
 * Ponder normalises every column of a row on each `db.update` / upsert by round-tripping it through the
 * column's driver mapping; for a JSON column that is `JSON.parse(JSON.stringify(value))`. The task row
 * carries the whole manifest (hundreds of kilobytes for a large task) and is updated by most events
 * (labels revealed, batches touched, finalised, done), so that round trip was the largest CPU cost of
 * indexing. The manifest never changes after TaskCreated: remember the text of the parsed value and the
 * parsed value of the text, so the round trip returns the same (deeply frozen) object. What Ponder
 * writes and what the column holds are unchanged.
 */
function memoizeJsonColumn(column: { mapToDriverValue(value: unknown): unknown; mapFromDriverValue(value: unknown): unknown }, size = 64) {
  const toDriver = column.mapToDriverValue.bind(column);
  const fromDriver = column.mapFromDriverValue.bind(column);
  const textOf = new WeakMap<object, string>();
  const valueOf = new Map<string, unknown>();
  column.mapToDriverValue = (value) => {
    if (value !== null && typeof value === "object") {
      const text = textOf.get(value);
      if (text !== undefined) return text;
    }
    return toDriver(value);
  };
  column.mapFromDriverValue = (raw) => {
    if (typeof raw !== "string") return fromDriver(raw);
    if (valueOf.has(raw)) return valueOf.get(raw);
    const value = fromDriver(raw);
    if (value !== null && typeof value === "object") {
      deepFreeze(value);
      textOf.set(value, raw);
      valueOf.set(raw, value);
      if (valueOf.size > size) valueOf.delete(valueOf.keys().next().value as string);
    }
    return value;
  };
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

memoizeJsonColumn(task.manifest as never);

/** A batch that has been touched (some slot assigned). Mirrors the contract's Batch struct. */
export const batch = onchainTable(
  "batch",
  (t) => ({
    taskId: t.bigint().notNull(),
    batchId: t.doublePrecision().notNull(),
    itemCount: t.integer().notNull(),
    round: t.integer().notNull(),
    roundStart: t.integer().notNull(),
    roundEnd: t.integer().notNull(),
    committed: t.integer().notNull(),
    revealed: t.integer().notNull(),
    /** End of the current round's commit window (0 = round not started). */
    commitDeadline: t.doublePrecision().notNull(),
    /** Set when every slot of the round committed (0 otherwise: reveal then opens at commitDeadline). */
    revealOpensAt: t.doublePrecision().notNull(),
    done: t.boolean().notNull(),
    resolvedMask: t.bigint().notNull(),
    /** Cumulative consensus, one byte per item (meaningful where resolvedMask has the bit). */
    consensus: t.hex().notNull(),
    finalisedTx: t.hex(),
    finalisedAt: t.doublePrecision(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.taskId, table.batchId] }) }),
);

/** The current holder of each slot of a batch (slots are numbered across rounds). */
export const slot = onchainTable(
  "slot",
  (t) => ({
    taskId: t.bigint().notNull(),
    batchId: t.doublePrecision().notNull(),
    slot: t.integer().notNull(),
    annotator: t.hex().notNull(),
    round: t.integer().notNull(),
    /** claimed | committed | revealed | forfeited | expired */
    state: t.text().notNull(),
    claimId: t.text().notNull(),
    expiresAt: t.doublePrecision().notNull(),
    assignedAt: t.doublePrecision().notNull(),
    committedAt: t.doublePrecision(),
    commitment: t.hex(),
    revealedAt: t.doublePrecision(),
    labels: t.hex(),
    revealTx: t.hex(),
    revealBlock: t.bigint(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.taskId, table.batchId, table.slot] }),
    annotatorIdx: index().on(table.annotator),
  }),
);

/** Every assignment of a slot (SlotAssigned), with its fate: active, committed or expired. */
export const claim = onchainTable(
  "claim",
  (t) => ({
    id: t.text().primaryKey(),
    taskId: t.bigint().notNull(),
    batchId: t.doublePrecision().notNull(),
    slot: t.integer().notNull(),
    annotator: t.hex().notNull(),
    round: t.integer().notNull(),
    assignedAt: t.doublePrecision().notNull(),
    expiresAt: t.doublePrecision().notNull(),
    status: t.text().notNull(),
    bondForfeited: t.bigint(),
    tx: t.hex().notNull(),
  }),
  (table) => ({ annotatorIdx: index().on(table.annotator), taskIdx: index().on(table.taskId) }),
);

/** ClaimRequested (ClaimUnfilled only credits the returned bond, see `balance`); ClaimLapsed marks the row lapsed. */
export const claimRequest = onchainTable(
  "claim_request",
  (t) => ({
    id: t.text().primaryKey(),
    taskId: t.bigint().notNull(),
    annotator: t.hex().notNull(),
    count: t.integer().notNull(),
    seedBlock: t.bigint().notNull(),
    bond: t.bigint().notNull(),
    requestedAt: t.doublePrecision().notNull(),
    /** When `assign` found the request more than 256 blocks old: no slot was drawn and the bond went to the task. */
    lapsedAt: t.doublePrecision(),
    /** The bond forfeited by the lapse (null unless lapsed). */
    bondForfeited: t.bigint(),
  }),
  (table) => ({ annotatorIdx: index().on(table.annotator) }),
);

/** One row per finalised round (BatchFinalised), with the task's running totals for progress charts. */
export const finalisation = onchainTable(
  "finalisation",
  (t) => ({
    taskId: t.bigint().notNull(),
    batchId: t.doublePrecision().notNull(),
    round: t.integer().notNull(),
    consensus: t.hex().notNull(),
    newlyResolvedMask: t.bigint().notNull(),
    resolvedMask: t.bigint().notNull(),
    rewardsPaid: t.bigint().notNull(),
    bondsForfeited: t.bigint().notNull(),
    tx: t.hex().notNull(),
    block: t.bigint().notNull(),
    timestamp: t.doublePrecision().notNull(),
    taskItemsResolved: t.doublePrecision().notNull(),
    taskLabelsRevealed: t.doublePrecision().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.taskId, table.batchId, table.round] }), taskIdx: index().on(table.taskId) }),
);

/** Per item of a finalised batch: votes, consensus and the top class's share. */
export const item = onchainTable(
  "item",
  (t) => ({
    taskId: t.bigint().notNull(),
    index: t.doublePrecision().notNull(),
    batchId: t.doublePrecision().notNull(),
    resolved: t.boolean().notNull(),
    consensus: t.integer(),
    /** Votes per label value 0..classCount over every revealed slot. */
    votes: t.json().$type<number[]>().notNull(),
    voteCount: t.integer().notNull(),
    topShare: t.doublePrecision().notNull(),
    round: t.integer().notNull(),
    finaliseTx: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.taskId, table.index] }), taskIdx: index().on(table.taskId) }),
);

/** RewardCredited. */
export const payout = onchainTable(
  "payout",
  (t) => ({
    id: t.text().primaryKey(),
    taskId: t.bigint().notNull(),
    batchId: t.doublePrecision().notNull(),
    annotator: t.hex().notNull(),
    token: t.hex().notNull(),
    agreed: t.integer().notNull(),
    scored: t.integer().notNull(),
    amount: t.bigint().notNull(),
    timestamp: t.doublePrecision().notNull(),
    tx: t.hex().notNull(),
  }),
  (table) => ({ annotatorIdx: index().on(table.annotator) }),
);

/** BondForfeited (silent slot), ClaimExpired (expired claim) and ClaimLapsed (request never assigned: no batch or slot). */
export const bondForfeit = onchainTable("bond_forfeit", (t) => ({
  id: t.text().primaryKey(),
  taskId: t.bigint().notNull(),
  batchId: t.doublePrecision(),
  annotator: t.hex().notNull(),
  slot: t.integer(),
  amount: t.bigint().notNull(),
  /** unrevealed | expired | lapsed */
  reason: t.text().notNull(),
  timestamp: t.doublePrecision().notNull(),
}));

/** Withdrawn. */
export const withdrawal = onchainTable(
  "withdrawal",
  (t) => ({
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    timestamp: t.doublePrecision().notNull(),
    tx: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account) }),
);

/** GoldRevealed. */
export const gold = onchainTable("gold", (t) => ({
  taskId: t.bigint().primaryKey(),
  items: t.json().$type<number[]>().notNull(),
  labels: t.hex().notNull(),
  timestamp: t.doublePrecision().notNull(),
  tx: t.hex().notNull(),
}));

/** DatasetPublished (every publication; the task row keeps the latest CID). */
export const dataset = onchainTable("dataset", (t) => ({
  id: t.text().primaryKey(),
  taskId: t.bigint().notNull(),
  datasetCid: t.text().notNull(),
  timestamp: t.doublePrecision().notNull(),
  tx: t.hex().notNull(),
}));

/** Per account and token: everything credited (rewards, returned bonds, refunds) and withdrawn. */
export const balance = onchainTable(
  "balance",
  (t) => ({
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    rewards: t.bigint().notNull(),
    credited: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.account, table.token] }) }),
);

/** Counters both `annotator` (across tasks) and `annotator_task` keep. */
function reputationCounters(t: PgColumnsBuilders) {
  return {
    /** Individual labels revealed. */
    labelsRevealed: t.doublePrecision().notNull(),
    /** Mirror of the contract's counters (labels scored at finalisation / agreeing with consensus). */
    labelsScored: t.doublePrecision().notNull(),
    labelsAgreed: t.doublePrecision().notNull(),
    /** Peer prediction: same-item matches, random-item matches, pairs drawn. */
    ppSame: t.doublePrecision().notNull(),
    ppDiff: t.doublePrecision().notNull(),
    ppCount: t.doublePrecision().notNull(),
    goldTotal: t.doublePrecision().notNull(),
    goldCorrect: t.doublePrecision().notNull(),
  };
}

/** Reputation inputs and score per annotator, across tasks. */
export const annotator = onchainTable(
  "annotator",
  (t) => ({
    address: t.hex().primaryKey(),
    ...reputationCounters(t),
    /** Sum over `annotatorPool` rows of DS skill x labels in the pool, and the labels it covers. */
    dsSkillWeighted: t.doublePrecision().notNull(),
    dsLabels: t.doublePrecision().notNull(),
    tasksWorked: t.integer().notNull(),
    bondsForfeited: t.integer().notNull(),
    score: t.integer().notNull(),
    consensusAgreement: t.doublePrecision().notNull(),
    peerPrediction: t.doublePrecision().notNull(),
    goldAccuracy: t.doublePrecision(),
    dsSkill: t.doublePrecision(),
    firstSeenAt: t.doublePrecision().notNull(),
    lastActiveAt: t.doublePrecision().notNull(),
  }),
  (table) => ({ scoreIdx: index().on(table.score) }),
);

/** Per annotator and task. */
export const annotatorTask = onchainTable(
  "annotator_task",
  (t) => ({
    address: t.hex().notNull(),
    taskId: t.bigint().notNull(),
    ...reputationCounters(t),
    /** This task's own DS accuracy estimate and chance-corrected balanced accuracy (shown in the history; the score uses the pool's). */
    dsAccuracy: t.doublePrecision(),
    dsSkill: t.doublePrecision(),
    /** Labels the task's DS estimates were computed over. */
    dsWeight: t.doublePrecision().notNull(),
    /** DS confusion matrix: [true class][label] probabilities (classCount + 1 square; null above 33 values). */
    confusion: t.json().$type<number[][]>(),
    /** Labels given per label value 0..classCount. */
    labelCounts: t.json().$type<number[]>().notNull(),
    earned: t.bigint().notNull(),
    slotsCommitted: t.integer().notNull(),
    fastCommits: t.integer().notNull(),
    minSecondsPerItem: t.doublePrecision(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.address, table.taskId] }), taskIdx: index().on(table.taskId) }),
);

/** Pairs of wallets that revealed in the same batch: how often their label vectors were identical. */
export const labelPair = onchainTable(
  "label_pair",
  (t) => ({
    taskId: t.bigint().notNull(),
    a: t.hex().notNull(),
    b: t.hex().notNull(),
    sharedBatches: t.integer().notNull(),
    identicalBatches: t.integer().notNull(),
    /** Identical vectors that also disagreed with consensus somewhere (copying mistakes). */
    identicalDeviating: t.integer().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.taskId, table.a, table.b] }) }),
);

/** Suspicious-pattern flags for task owners. */
export const flag = onchainTable(
  "flag",
  (t) => ({
    id: t.text().primaryKey(),
    taskId: t.bigint().notNull(),
    /** identical-vectors | low-entropy | too-fast */
    kind: t.text().notNull(),
    annotators: t.json().$type<string[]>().notNull(),
    severity: t.text().notNull(),
    message: t.text().notNull(),
    details: t.json().$type<Record<string, number | string>>().notNull(),
    updatedAt: t.doublePrecision().notNull(),
  }),
  (table) => ({ taskIdx: index().on(table.taskId) }),
);

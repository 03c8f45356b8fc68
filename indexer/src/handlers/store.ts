import type { Context } from "ponder:registry";
import { annotator, annotatorTask, balance, bondForfeit, claim, flag, slot, task } from "ponder:schema";
import type { Hex } from "viem";
import { reputationScore } from "../reputation/reputationScore.ts";

export type Db = Context["db"];

export const lower = (address: string): Hex => address.toLowerCase() as Hex;

export async function requireTask(db: Db, id: bigint) {
  const row = await db.find(task, { id });
  // The contract emits no event for an unknown task; a missing row means a broken start block.
  if (!row) throw new Error(`Task ${id} has no TaskCreated row: START_BLOCK is after the task's creation block.`);
  return row;
}

const zeroCounters = { labelsRevealed: 0, labelsScored: 0, labelsAgreed: 0, ppSame: 0, ppDiff: 0, ppCount: 0, goldTotal: 0, goldCorrect: 0 };

type AnnotatorRow = typeof annotator.$inferSelect;
/** Columns handlers change on an annotator row (the score columns are derived from them). */
type AnnotatorChange = Partial<Pick<AnnotatorRow, keyof typeof zeroCounters | "dsSkillWeighted" | "dsLabels" | "tasksWorked" | "bondsForfeited" | "lastActiveAt">>;

function newAnnotator(address: Hex, timestamp: number): AnnotatorRow {
  return {
    address,
    ...zeroCounters,
    dsSkillWeighted: 0,
    dsLabels: 0,
    tasksWorked: 0,
    bondsForfeited: 0,
    score: 0,
    consensusAgreement: 0.5,
    peerPrediction: 0,
    goldAccuracy: null,
    dsSkill: null,
    firstSeenAt: timestamp,
    lastActiveAt: timestamp,
  };
}

/** `set` plus the score columns of the row it produces: an update that keeps the stored score current. */
export function withScore<T extends AnnotatorChange>(row: AnnotatorRow, set: T): T & ReturnType<typeof scoreColumns> {
  return { ...set, ...scoreColumns({ ...row, ...set }) };
}

/** The stored score columns for a row's reputation inputs (see `reputationScore`). */
function scoreColumns(row: AnnotatorRow) {
  const { score, breakdown } = reputationScore(row);
  return {
    score,
    consensusAgreement: breakdown.consensusAgreement,
    peerPrediction: breakdown.peerPrediction,
    goldAccuracy: breakdown.goldAccuracy,
    dsSkill: breakdown.dsSkill,
  };
}

export async function ensureAnnotator(db: Db, address: Hex, timestamp: number) {
  return db.insert(annotator).values(newAnnotator(address, timestamp)).onConflictDoUpdate({ lastActiveAt: timestamp });
}

/**
 * One upsert: creates the row if needed, marks it active at `timestamp`, applies `change` (computed from the
 * current row) and, with `rescore`, stores the score of the new inputs.
 */
export async function updateAnnotator(db: Db, address: Hex, timestamp: number, change: (row: AnnotatorRow) => AnnotatorChange, { rescore }: { rescore: boolean }) {
  const apply = (row: AnnotatorRow) => {
    const set = { lastActiveAt: timestamp, ...change(row) };
    return rescore ? withScore(row, set) : set;
  };
  const fresh = newAnnotator(address, timestamp);
  return db.insert(annotator).values({ ...fresh, ...apply(fresh) }).onConflictDoUpdate(apply);
}

const COPY_ON_WRITE = Symbol.for("ponder:copyOnWrite");

/**
 * The row object behind a row Ponder's store handed out, for reading only. Store rows are
 * copy-on-write proxies that deep-copy the whole row the first time an object column (JSON, arrays)
 * is read; for the task row that is the whole manifest. Never mutate what this returns.
 */
export function peek<T extends object>(row: T): Readonly<T> {
  return ((row as Record<symbol, unknown>)[COPY_ON_WRITE] as T | undefined) ?? row;
}

export function newAnnotatorTask(address: Hex, taskId: bigint, classCount: number): typeof annotatorTask.$inferSelect {
  return {
    address,
    taskId,
    ...zeroCounters,
    dsAccuracy: null,
    dsSkill: null,
    dsWeight: 0,
    confusion: null,
    labelCounts: new Array<number>(classCount + 1).fill(0),
    earned: 0n,
    slotsCommitted: 0,
    fastCommits: 0,
    minSecondsPerItem: null,
  };
}

export async function ensureAnnotatorTask(db: Db, address: Hex, taskId: bigint, classCount: number) {
  const existing = await db.find(annotatorTask, { address, taskId });
  if (existing) return existing;
  return db.insert(annotatorTask).values(newAnnotatorTask(address, taskId, classCount));
}

/** Adds to an account's credited (and reward) totals in a token. */
export async function credit(db: Db, { account, token, amount, reward = false }: { account: Hex; token: Hex; amount: bigint; reward?: boolean }) {
  if (amount === 0n) return;
  await db
    .insert(balance)
    .values({ account, token, rewards: reward ? amount : 0n, credited: amount, withdrawn: 0n })
    .onConflictDoUpdate((row) => ({ credited: row.credited + amount, rewards: row.rewards + (reward ? amount : 0n) }));
}

export async function upsertFlag(
  db: Db,
  value: { id: string; taskId: bigint; kind: string; annotators: string[]; severity: string; message: string; details: Record<string, number | string>; updatedAt: number },
) {
  await db
    .insert(flag)
    .values(value)
    .onConflictDoUpdate({ severity: value.severity, message: value.message, details: value.details, updatedAt: value.updatedAt });
}

/**
 * An expired claim's bond lost by its holder: the slot and claim rows say expired, a `bond_forfeit` row names the
 * holder, and their forfeit count grows. `active` says whether this was the holder's own doing in this block
 * (an expiry seen on chain), which moves their last activity; a forfeit found at close does not.
 */
export async function forfeitExpiredClaim(
  db: Db,
  f: { id: string; taskId: bigint; batchId: number; slot: number; annotator: Hex; claimId: string | undefined; amount: bigint; timestamp: number; active: boolean },
) {
  if (f.claimId !== undefined) {
    await db.update(slot, { taskId: f.taskId, batchId: f.batchId, slot: f.slot }).set({ state: "expired" });
    await db.update(claim, { id: f.claimId }).set({ status: "expired", bondForfeited: f.amount });
  }
  await db.insert(bondForfeit).values({ id: f.id, taskId: f.taskId, batchId: f.batchId, annotator: f.annotator, slot: f.slot, amount: f.amount, reason: "expired", timestamp: f.timestamp });
  await updateAnnotator(db, f.annotator, f.timestamp, (row) => ({ bondsForfeited: row.bondsForfeited + 1, ...(f.active ? {} : { lastActiveAt: row.lastActiveAt }) }), { rescore: false });
}

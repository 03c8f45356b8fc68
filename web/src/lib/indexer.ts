import type { ClaimBlock, IndexerHealth } from "@crowdlabel/sdk";
import { getConfig } from "../config/appConfig.ts";
import type { TaskFields } from "./taskFields.ts";

/** Indexer REST API (bigints as decimal strings). The app never trusts it for money. */
export type TaskSummary = TaskFields<string, string> & {
  title: string | null;
  manifestError: string | null;
  itemsResolved: number;
  labelsRevealed: number;
  createdAt: number;
  /** The block of the task's TaskCreated (absent from an indexer older than the field). */
  createdBlock?: string;
  eligible?: boolean;
  minLabelsRevealed?: number;
  minAgreementBps?: number;
};

/** `GET /api/tasks/:id/stats` (indexer `taskStats.ts`). */
export type TaskStats = {
  classDistribution: { classId: number; name: string; count: number }[];
  /** Resolved images by the share of their votes for the consensus; `bucket` is the tenth's lower bound (0, 0.1, … 0.9). */
  agreementHistogram: { bucket: number; count: number }[];
  /** Consensus × label counts; null until the task's matrix is sized to its classes. */
  confusionMatrix: { classes: string[]; matrix: number[][] | null };
  progressOverTime: { timestamp: number; itemsResolved: number; labelsRevealed: number }[];
  /** Labelled images without consensus (at most 100), with their votes per class. */
  unresolvedItems: { item: number; votes: number[] }[];
  spend: { funded: string; paid: string; bondsForfeited: string };
};

/** The quality components the reputation score averages (indexer `SCORE_WEIGHTS`). */
export type ReputationComponent = "consensusAgreement" | "peerPrediction" | "goldAccuracy" | "dsSkill";

export type AnnotatorReputation = {
  score: number;
  /** The components (null while absent), `confidence`, `quality` and raw counts such as `labelsRevealed`. */
  breakdown: Record<string, number | null>;
  /** The formula's weight per component; absent from indexers older than the field. */
  weights?: Partial<Record<ReputationComponent, number>>;
  /** Labels that halve the score (`confidence = n / (n + confidenceLabels)`). */
  confidenceLabels?: number;
};

export type AnnotatorProfile = {
  address: string;
  reputation: AnnotatorReputation;
  /** Place on the leaderboard; null before the first revealed label. */
  leaderboardRank: number | null;
  leaderboardSize: number;
  labelsRevealed: number;
  labelsAgreed: number;
  tasksWorked: number;
  bondsForfeited?: number;
  earnings: { token: string; amount: string }[];
  claimable?: { token: string; amount: string }[];
  pendingReveals: PendingSlot[];
  /** The newest tasks worked; `historyNextCursor` continues on `indexer.history`. */
  history: HistoryEntry[];
  historyNextCursor: string | null;
  /** The Dawid-Skene fits behind the score's skill: one per owner and number of classes, most labels first. */
  skillPools: SkillPool[];
};

/** An annotator's Dawid-Skene skill over every task of one owner with one number of classes (`classes` for display; null until a manifest was read). */
export type SkillPool = { owner: string; classCount: number; classes: string[] | null; skill: number; labels: number; tasks: number };

/** A slot the annotator holds (`pendingReveals`); reveal times are null outside the slot's current round. */
export type PendingSlot = {
  taskId: string;
  taskTitle: string | null;
  batchId: number;
  slot: number;
  round: number;
  state: string;
  itemCount: number;
  expiresAt: number;
  committedAt: number | null;
  revealedAt: number | null;
  revealOpensAt: number | null;
  revealDeadline: number | null;
};

/** One task of an annotator's history (`GET /api/annotators/:address/history`); `title` is null without a manifest. */
export type HistoryEntry = {
  taskId: string;
  title: string | null;
  token: string;
  labelsRevealed: number;
  labelsScored: number;
  labelsAgreed: number;
  /** Rewards credited, in the task token's base units. */
  earned: string;
  /** Raw share of gold images right on this task (not the score's smoothed rate); null without revealed gold. */
  goldAccuracy: number | null;
  dsAccuracy: number | null;
  dsSkill: number | null;
  peerPrediction: number | null;
};

export type LeaderboardEntry = {
  /** 1-based place in the indexer's order; absent for rows read from the chain. */
  rank?: number;
  address: string;
  score: number;
  labelsRevealed: number;
  labelsAgreed?: number;
  /** The indexer's score components (consensusAgreement is Beta(1,1)-smoothed). */
  breakdown?: { consensusAgreement?: number };
  tasksWorked?: number;
};

/** `GET /api/tasks?status=`. */
export type TaskStatus = "open" | "closed" | "all";
/** `GET /api/tasks?sort=`: newest first, highest reward per label first, earliest deadline first. */
export type TaskSort = "newest" | "reward" | "ending";

/** `GET /api/tasks/:id/next-batches?address=`: what assign could give the address now (the sdk's `ClaimAvailability` counts). */
export type NextBatches = {
  eligible: boolean;
  reason: string | null;
  claimableSlots: number;
  openBatches: number;
  blocked: Record<ClaimBlock, number>;
  nextFreeAt: number | null;
  /** Absent from an indexer older than the field. */
  nextRoundAt?: number | null;
};

/** A page of a cursor-paged indexer list. */
export type IndexerPage<T> = { items: T[]; nextCursor: string | null };

export type LeaderboardPage = IndexerPage<LeaderboardEntry>;

export class IndexerError extends Error {
  override name = "IndexerError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

async function request(path: string, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(`${getConfig().indexerUrl}${path}`, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    throw new IndexerError(`The indexer at ${getConfig().indexerUrl} is not answering (${(error as Error).message}).`);
  }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await request(path, signal);
  if (!res.ok) throw new IndexerError(`Indexer answered ${res.status} for ${path}`, res.status);
  return (await res.json()) as T;
}

/** The indexer's health report; a degraded indexer still answers (503 with the report), only a silent one throws. */
async function health(signal?: AbortSignal): Promise<IndexerHealth> {
  const res = await request("/health", signal);
  if (res.status !== 200 && res.status !== 503) throw new IndexerError(`Indexer answered ${res.status} for /health`, res.status);
  return (await res.json()) as IndexerHealth;
}

/** Query parameters without the unset ones. */
function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  return q.toString();
}

export const indexer = {
  health,
  tasks: (
    params: { status?: TaskStatus; sort?: TaskSort; owner?: string; eligibleFor?: string; limit?: number; cursor?: string },
    signal?: AbortSignal,
  ) => get<IndexerPage<TaskSummary>>(`/api/tasks?${queryString(params)}`, signal),
  task: (id: string, signal?: AbortSignal) => get<TaskSummary & Record<string, unknown>>(`/api/tasks/${id}`, signal),
  stats: (id: string, signal?: AbortSignal) => get<TaskStats>(`/api/tasks/${id}/stats`, signal),
  nextBatches: (id: string, address: string, signal?: AbortSignal) => get<NextBatches>(`/api/tasks/${id}/next-batches?${queryString({ address })}`, signal),
  annotator: (address: string, signal?: AbortSignal) => get<AnnotatorProfile>(`/api/annotators/${address}`, signal),
  history: (address: string, params: { limit?: number; cursor?: string }, signal?: AbortSignal) =>
    get<IndexerPage<HistoryEntry>>(`/api/annotators/${address}/history?${queryString(params)}`, signal),
  leaderboard: (params: { limit?: number; cursor?: string }, signal?: AbortSignal) => get<LeaderboardPage>(`/api/leaderboard?${queryString(params)}`, signal),
  exportUrl: (id: string, format: "jsonl" | "csv" | "coco" | "hf") => `${getConfig().indexerUrl}/api/tasks/${id}/export?format=${format}`,
};

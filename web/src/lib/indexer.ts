import { getConfig } from "../config/appConfig.ts";
import type { TaskFields } from "./taskFields.ts";

/** Indexer REST API (bigints as decimal strings). The app never trusts it for money. */
export type TaskSummary = TaskFields<string, string> & {
  title: string | null;
  manifestError: string | null;
  itemsResolved: number;
  labelsRevealed: number;
  createdAt: number;
  eligible?: boolean;
  minLabelsRevealed?: number;
  minAgreementBps?: number;
};

export type TaskStats = {
  classDistribution: { classId: number; name?: string; count: number }[];
  agreementHistogram: { bucket: string; count: number }[];
  confusionMatrix: { classes: string[]; matrix: number[][] };
  progressOverTime: { timestamp: number; itemsResolved: number; labelsRevealed?: number }[];
  unresolvedItems: { index: number; cid?: string; batchId?: number; votes?: number[] }[];
  spend: { funded: string; paid: string; refunded?: string; bondsForfeited?: string };
};

export type AnnotatorProfile = {
  address: string;
  reputation: { score: number; breakdown: Record<string, number | null> };
  labelsRevealed: number;
  labelsAgreed: number;
  tasksWorked: number;
  bondsForfeited?: number;
  earnings: { token: string; amount: string }[];
  claimable?: { token: string; amount: string }[];
  pendingReveals: { taskId: string; taskTitle?: string; batchId: number; slot: number; state: string; revealOpensAt?: number; revealDeadline?: number }[];
  history: {
    taskId: string;
    title?: string;
    token?: string;
    labelsRevealed?: number;
    labelsScored?: number;
    labelsAgreed?: number;
    earned?: string;
    dsAccuracy?: number | null;
    goldAccuracy?: number | null;
  }[];
};

export type LeaderboardEntry = {
  address: string;
  score: number;
  labelsRevealed: number;
  labelsAgreed: number;
  earnings?: string | Record<string, string>;
  tasksWorked?: number;
};

export type AnnotatorSlot = {
  taskId: string;
  batchId: number;
  slot: number;
  round?: number;
  status: string;
  expiresAt?: number;
};

export class IndexerError extends Error {
  override name = "IndexerError";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  const url = `${getConfig().indexerUrl}${path}`;
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    throw new IndexerError(`The indexer at ${getConfig().indexerUrl} is not answering (${(error as Error).message}).`);
  }
  if (!res.ok) throw new IndexerError(`Indexer answered ${res.status} for ${path}`, res.status);
  return (await res.json()) as T;
}

export const indexer = {
  health: (signal?: AbortSignal) => get<unknown>("/health", signal),
  tasks: (
    params: { status?: "open" | "closed" | "all"; sort?: "newest" | "reward" | "ending"; owner?: string; eligibleFor?: string; limit?: number; cursor?: string },
    signal?: AbortSignal,
  ) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
    return get<{ items: TaskSummary[]; nextCursor: string | null }>(`/api/tasks?${q}`, signal);
  },
  task: (id: string, signal?: AbortSignal) => get<TaskSummary & Record<string, unknown>>(`/api/tasks/${id}`, signal),
  stats: (id: string, signal?: AbortSignal) => get<TaskStats>(`/api/tasks/${id}/stats`, signal),
  annotator: (address: string, signal?: AbortSignal) => get<AnnotatorProfile>(`/api/annotators/${address}`, signal),
  annotatorSlots: (address: string, status: "claimed" | "committed" | "revealed" | "all" = "all", signal?: AbortSignal) =>
    get<{ items: AnnotatorSlot[] } | AnnotatorSlot[]>(`/api/annotators/${address}/slots?status=${status}`, signal),
  leaderboard: (signal?: AbortSignal) => get<{ items: LeaderboardEntry[] } | LeaderboardEntry[]>(`/api/leaderboard`, signal),
  exportUrl: (id: string, format: "jsonl" | "csv" | "coco" | "hf") => `${getConfig().indexerUrl}/api/tasks/${id}/export?format=${format}`,
};

/** Lists come either bare or as {items}. */
export function itemsOf<T>(value: { items: T[] } | T[]): T[] {
  return Array.isArray(value) ? value : value.items;
}

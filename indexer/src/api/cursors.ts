import type { Hex } from "viem";

// Guards for the cursors the API hands out. A cursor is client input: every number must be a non-negative safe
// integer and every id decimal text that fits a numeric(78) column, or a crafted one (0.5, 1e300, a 100-digit id)
// would reach SQL and fail there as a 500.

/** A position in a cursor (batch id, rank), as the API writes it. */
export const isCursorIndex = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** A position compared with an `integer` column (slot, score): above 2^31 - 1 PostgreSQL refuses the query. */
export const isCursorInt32 = (v: unknown): v is number => isCursorIndex(v) && v <= 2 ** 31 - 1;

/** A uint256 in a cursor (task id, reward), as decimal text. */
export const isCursorUint = (v: unknown): v is string => typeof v === "string" && /^\d{1,78}$/.test(v);

const isLowercaseAddress = (v: unknown): v is Hex => typeof v === "string" && /^0x[0-9a-f]{40}$/.test(v);

/** Marketplace orders, each a keyset over (sort key, id) so pages stay stable while tasks are added. */
export const TASK_SORTS = ["newest", "reward", "ending"] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export type TaskCursor = { sort: TaskSort; id: string; key: string };

export const isTaskCursor = (v: Record<string, unknown>): v is TaskCursor =>
  typeof v.sort === "string" &&
  (TASK_SORTS as readonly string[]).includes(v.sort) &&
  isCursorUint(v.id) &&
  typeof v.key === "string" &&
  (v.sort === "ending" ? v.key !== "" && Number.isFinite(Number(v.key)) : isCursorUint(v.key));

export const isBatchCursor = (v: Record<string, unknown>): v is { batchId: number } => isCursorIndex(v.batchId);

export const isTaskIdCursor = (v: Record<string, unknown>): v is { taskId: string } => isCursorUint(v.taskId);

export const isSlotCursor = (v: Record<string, unknown>): v is { taskId: string; batchId: number; slot: number } =>
  isCursorUint(v.taskId) && isCursorIndex(v.batchId) && isCursorInt32(v.slot);

export const isRankCursor = (v: Record<string, unknown>): v is { score: number; address: Hex; rank: number } =>
  isCursorInt32(v.score) && isLowercaseAddress(v.address) && isCursorIndex(v.rank);

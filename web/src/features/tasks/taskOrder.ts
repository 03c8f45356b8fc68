import type { TaskSort } from "../../lib/indexer.ts";

type Sortable = { id: bigint; rewardPerLabel: bigint; deadline: number };

const newest = (a: Sortable, b: Sortable) => (a.id > b.id ? -1 : a.id < b.id ? 1 : 0);

/**
 * The indexer's `GET /api/tasks?sort=` orders, for lists read from the chain: highest reward first and earliest deadline
 * first break ties like the indexer's keyset (newest first for reward, oldest first for deadline).
 */
export const taskOrder: Record<TaskSort, (a: Sortable, b: Sortable) => number> = {
  newest,
  reward: (a, b) => (a.rewardPerLabel !== b.rewardPerLabel ? (b.rewardPerLabel > a.rewardPerLabel ? 1 : -1) : newest(a, b)),
  ending: (a, b) => (a.deadline !== b.deadline ? a.deadline - b.deadline : -newest(a, b)),
};

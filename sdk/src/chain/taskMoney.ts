/** What a task escrows at creation: every item may be labeled up to maxRedundancy times. */
export function taskBudget(p: { itemCount: number; maxRedundancy: number; rewardPerLabel: bigint }): bigint {
  return BigInt(p.itemCount) * BigInt(p.maxRedundancy) * p.rewardPerLabel;
}

/** What `closeTask` credits the owner: the unearned budget, forfeited bonds, and bonds still held (forfeited at close). */
export function closeRefund(p: { funded: bigint; paid: bigint; bondsForfeited: bigint; bondsHeld: bigint }): bigint {
  return p.funded - p.paid + p.bondsForfeited + p.bondsHeld;
}

/** Whether `closeTask` accepts now: every batch done, or the deadline passed with no batch awaiting finalisation. */
export function canCloseTask(t: { closed: boolean; batchesDone: number; batchCount: number; deadline: number; pendingBatches: number }, now: number): boolean {
  return !t.closed && (t.batchesDone === t.batchCount || (now >= t.deadline && t.pendingBatches === 0));
}

/**
 * Whether `revealGold` accepts now (given a gold commitment not yet revealed): once nobody can label the task
 * anymore, i.e. it is closed, past its deadline, or every batch is done. Earlier, annotators could copy the answers.
 */
export function canRevealGold(t: { closed: boolean; batchesDone: number; batchCount: number; deadline: number }, now: number): boolean {
  return t.closed || now >= t.deadline || t.batchesDone === t.batchCount;
}

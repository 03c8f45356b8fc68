/** Number of batches of a task: the last batch may be shorter. */
export function batchCount({ itemCount, batchSize }: { itemCount: number; batchSize: number }): number {
  return Math.ceil(itemCount / batchSize);
}

/** Item index range [start, end) of a batch. */
export function batchItems({ itemCount, batchSize, batchId }: { itemCount: number; batchSize: number; batchId: number }): {
  start: number;
  end: number;
} {
  const start = batchId * batchSize;
  return { start, end: Math.min(itemCount, start + batchSize) };
}

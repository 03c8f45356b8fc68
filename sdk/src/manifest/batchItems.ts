/** The two task fields that split its items into batches. */
export type BatchLayout = { itemCount: number; batchSize: number };

/** Number of batches of a task: the last batch may be shorter. */
export function batchCount({ itemCount, batchSize }: BatchLayout): number {
  return Math.ceil(itemCount / batchSize);
}

/** Item index range [start, end) of a batch. */
export function batchItems({ itemCount, batchSize }: BatchLayout, batchId: number): { start: number; end: number } {
  const start = batchId * batchSize;
  return { start, end: Math.min(itemCount, start + batchSize) };
}

/** Number of items in a batch: `batchSize`, except for a shorter last batch. */
export function batchItemCount(layout: BatchLayout, batchId: number): number {
  const { start, end } = batchItems(layout, batchId);
  return end - start;
}

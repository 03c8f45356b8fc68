/**
 * One image per batch, for spreading gold: an annotator is scored on gold only in batches that hold some, so gold in
 * the first images alone checks only whoever labels the first batches. Each batch shows the image the owner moved to
 * (`offsets[batch]` images into it, wrapping), else its first gold image, else its middle one.
 */
export function onePerBatch(itemCount: number, batchSize: number, gold: Record<number, number> = {}, offsets: Record<number, number> = {}): number[] {
  const size = Math.max(1, Math.floor(batchSize));
  const firstGold = new Map<number, number>();
  for (const key of Object.keys(gold)) {
    const item = Number(key);
    const batch = Math.floor(item / size);
    if (item < itemCount && item < (firstGold.get(batch) ?? Infinity)) firstGold.set(batch, item);
  }
  const out: number[] = [];
  for (let batch = 0, start = 0; start < itemCount; batch++, start += size) {
    const length = Math.min(itemCount, start + size) - start;
    const offset = offsets[batch];
    out.push(offset !== undefined ? start + (((offset % length) + length) % length) : (firstGold.get(batch) ?? start + Math.floor((length - 1) / 2)));
  }
  return out;
}

/** How many batches hold at least one gold answer, of how many. */
export function goldCoverage(gold: Record<number, number>, itemCount: number, batchSize: number): { batchesWithGold: number; batchCount: number } {
  const size = Math.max(1, Math.floor(batchSize));
  const batches = new Set(Object.keys(gold).map((item) => Math.floor(Number(item) / size)));
  return { batchesWithGold: batches.size, batchCount: Math.ceil(itemCount / size) };
}

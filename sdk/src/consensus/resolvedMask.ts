/** Whether bit `offset` of a batch's resolved mask (the contract's `resolvedMask`, `newlyResolvedMask`) is set. */
export function isResolvedAt(mask: bigint, offset: number): boolean {
  return ((mask >> BigInt(offset)) & 1n) === 1n;
}

/** How many items of a batch a resolved mask marks. */
export function countResolved(mask: bigint): number {
  let count = 0;
  for (let m = mask; m > 0n; m &= m - 1n) count++;
  return count;
}

/**
 * Whether raising an ERC-20 allowance from `current` to at least `needed` must first set it to 0: USDT and tokens like
 * it revert when one non-zero allowance is changed to another, so an approval over a partial one would fail.
 */
export function needsAllowanceReset(current: bigint, needed: bigint): boolean {
  return current > 0n && current < needed;
}

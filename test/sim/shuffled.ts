/**
 * A uniformly random permutation (Fisher-Yates) drawn from `random`. `array.sort(() => random() - 0.5)` is not one:
 * the sort's comparisons leave elements near their start, so early claimers would keep coming first.
 */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

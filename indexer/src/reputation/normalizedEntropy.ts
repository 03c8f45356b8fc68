/** Shannon entropy of a label histogram divided by its maximum (log of the number of values): 0 = one answer always, 1 = uniform. */
export function normalizedEntropy(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || counts.length < 2) return 1;
  let h = 0;
  for (const c of counts) if (c > 0) h -= (c / total) * Math.log(c / total);
  return h / Math.log(Math.min(counts.length, total));
}

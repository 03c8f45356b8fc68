/**
 * Share of items whose predicted label equals the truth, over items that have a truth.
 * A null prediction counts as wrong.
 */
export function accuracy<Item>(options: { predicted: readonly (number | null)[]; itemIds: readonly Item[]; truth: ReadonlyMap<Item, number> }): number {
  let total = 0;
  let correct = 0;
  options.itemIds.forEach((id, i) => {
    const truth = options.truth.get(id);
    if (truth === undefined) return;
    total++;
    if (options.predicted[i] === truth) correct++;
  });
  return total === 0 ? Number.NaN : correct / total;
}

/**
 * The scroll offset of a horizontal strip that shows an item (`itemLeft`, `itemWidth`, in the strip's content
 * coordinates) with `margin` pixels of neighbours on each side, moving as little as possible: the strip follows the
 * cursor a few items ahead instead of letting it run off the edge, and stays put while it is comfortably in view.
 */
export function followScrollLeft(view: { scrollLeft: number; width: number }, item: { left: number; width: number }, margin: number): number {
  const room = Math.max(0, Math.min(margin, (view.width - item.width) / 2));
  if (item.left - room < view.scrollLeft) return Math.max(0, item.left - room);
  if (item.left + item.width + room > view.scrollLeft + view.width) return item.left + item.width + room - view.width;
  return view.scrollLeft;
}

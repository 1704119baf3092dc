// The map's building list while the user pans: buildings still in view keep their places, buildings that come into
// view join at the end (in the server's order, weakest first), buildings that left drop out — so the list never
// reshuffles under the reader's eyes. A filter change (or "sort again") starts from the server's order.

/** `next` (the server's order) rearranged so that ids already shown in `previous` keep their relative order, first. */
export function stableOrder<T extends { id: string }>(previous: readonly string[], next: readonly T[]): T[] {
  const byId = new Map(next.map((b) => [b.id, b]));
  const kept = previous.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
  const keptIds = new Set(kept.map((b) => b.id));
  return [...kept, ...next.filter((b) => !keptIds.has(b.id))];
}

/** Whether `shown` differs from the server's order `sorted` (then the list offers to sort again). */
export function isResorted(shown: readonly { id: string }[], sorted: readonly { id: string }[]): boolean {
  return shown.length !== sorted.length || shown.some((b, i) => b.id !== sorted[i].id);
}

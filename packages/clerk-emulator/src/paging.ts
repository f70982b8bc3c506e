/** Clerk's `limit` (1 to 500, 10 by default) and `offset` over a listing. */
export function page<T>(items: T[], query: URLSearchParams): T[] {
  const limit = Math.min(Math.max(Number(query.get("limit") ?? 10), 1), 500);
  const offset = Math.max(Number(query.get("offset") ?? 0), 0);
  return items.slice(offset, offset + limit);
}

export function paginated<T>(items: T[], query: URLSearchParams, serialize: (item: T) => unknown) {
  return { data: page(items, query).map(serialize), total_count: items.length };
}

/**
 * A listing in `order_by` (`-created_at`, Clerk's default, or `+created_at`). The state's maps hold each
 * entity in the order it was created (an update keeps its place), so no sort is needed, which keeps paging
 * through 100,000 users linear.
 */
export function inCreationOrder<T>(entities: Map<string, T>, query: URLSearchParams): T[] {
  const listed = [...entities.values()];
  return (query.get("order_by") ?? "-created_at").startsWith("-") ? listed.reverse() : listed;
}

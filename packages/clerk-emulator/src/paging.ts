function bounds(query: URLSearchParams) {
  const limit = Math.min(Math.max(Number(query.get("limit") ?? 10), 1), 500);
  const offset = Math.max(Number(query.get("offset") ?? 0), 0);
  return { start: offset, end: offset + limit };
}

/** Clerk's `limit` (1 to 500, 10 by default) and `offset` over a listing. */
export function page<T>(items: T[], query: URLSearchParams): T[] {
  const { start, end } = bounds(query);
  return items.slice(start, end);
}

/**
 * A map that also keeps its keys in order as an array, rebuilt only after a key is added or removed (an
 * update keeps its place), so a page of a large listing is a slice, not a copy of every entry.
 */
export class ListedMap<V> extends Map<string, V> {
  #keys: string[] | undefined;
  // No entries at construction: Map's constructor would call set() before #keys exists.
  constructor() {
    super();
  }
  override set(key: string, value: V): this {
    if (!this.has(key)) this.#keys = undefined;
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    const deleted = super.delete(key);
    if (deleted) this.#keys = undefined;
    return deleted;
  }
  override clear(): void {
    this.#keys = undefined;
    super.clear();
  }
  orderedKeys(): readonly string[] {
    this.#keys ??= [...this.keys()];
    return this.#keys;
  }
}

/** One page of a whole listing in `order_by` (see {@link inCreationOrder}), read straight from the map. */
export function creationOrderPage<V>(entities: ListedMap<V>, query: URLSearchParams): V[] {
  const keys = entities.orderedKeys();
  const descending = (query.get("order_by") ?? "-created_at").startsWith("-");
  const { start, end } = bounds(query);
  const listed: V[] = [];
  for (let index = start; index < Math.min(end, keys.length); index += 1) {
    const key = keys[descending ? keys.length - 1 - index : index] as string;
    listed.push(entities.get(key) as V);
  }
  return listed;
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

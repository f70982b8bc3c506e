import type { Database } from "@crosswalk/db";
import { createEndpoints, type Endpoints } from "./endpoints.ts";
import type { EndpointDependencies } from "./types.ts";

/**
 * The endpoints over the process's database, built once it has opened. The dependencies are resolved on
 * every call, so while the database cannot be opened (not up yet, gone) each request fails on its own and the
 * next one tries again: nothing failed is kept.
 */
export function lazyEndpoints<A extends unknown[]>(
  dependencies: (...args: A) => Promise<EndpointDependencies>,
): (...args: A) => Promise<Endpoints> {
  const built = new WeakMap<Database, Endpoints>();
  return async (...args) => {
    const resolved = await dependencies(...args);
    const existing = built.get(resolved.db);
    if (existing) return existing;
    const endpoints = createEndpoints(resolved);
    built.set(resolved.db, endpoints);
    return endpoints;
  };
}

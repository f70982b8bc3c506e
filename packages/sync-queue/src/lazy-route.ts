import type { Database } from "@crosswalk/db";
import { closeOnShutdown, forgetOnShutdown } from "@crosswalk/shutdown";
import { createSyncRouteHandler, type SyncRouteHandler, type SyncRouteOptions } from "./queue.ts";

// On globalThis, not in module scope: a dev server runs a route module again after every change, and Next.js
// bundles each route with its own copy of this module. Either way the process keeps one handler (and one Redis
// connection) per database and configuration.
const handlersKey = Symbol.for("crosswalk.sync-route-handlers");
const globals = globalThis as typeof globalThis & {
  [handlersKey]?: WeakMap<Database, Map<string, SyncRouteHandler>>;
};

/**
 * The sync route's handler, built on the first delivery and kept for the process, closed on shutdown. The
 * options are read on every call: while they cannot be (the database is not up yet) the call fails and the
 * next delivery tries again, so nothing failed is kept.
 */
export function lazySyncRouteHandler(
  options: () => Promise<SyncRouteOptions>,
): () => Promise<SyncRouteHandler> {
  return async () => {
    const resolved = await options();
    globals[handlersKey] ??= new WeakMap();
    const byDatabase = globals[handlersKey];
    const handlers = byDatabase.get(resolved.db) ?? new Map<string, SyncRouteHandler>();
    byDatabase.set(resolved.db, handlers);
    const key = JSON.stringify([
      resolved.signingSecret,
      resolved.previousSigningSecret,
      resolved.queue,
    ]);
    const existing = handlers.get(key);
    if (existing) return existing;
    const built = createSyncRouteHandler(resolved);
    const handler: SyncRouteHandler = Object.assign(
      (request: Parameters<SyncRouteHandler>[0]) => built(request),
      {
        async close() {
          handlers.delete(key);
          forgetOnShutdown(handler);
          await built.close();
        },
      },
    );
    handlers.set(key, closeOnShutdown(handler));
    return handler;
  };
}

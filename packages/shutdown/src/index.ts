import { Server } from "node:net";
import { consoleLogger, describeError, type Logger } from "@crosswalk/log";

export interface Closable {
  close(): Promise<void> | void;
}

interface Registry {
  /** HTTP servers: closed first, so requests in flight finish while their connections are still open. */
  servers: Set<Closable>;
  /** In registration order; a resource registered again (a module a dev server reloaded) keeps its place. */
  resources: Set<Closable>;
  installed: boolean;
}

// On globalThis, not in module scope: Next.js bundles instrumentation and route handlers separately, so
// a module-scoped list would exist once per bundle, and the signal handler would see only one of them.
const registryKey = Symbol.for("crosswalk.shutdown");
const globals = globalThis as typeof globalThis & { [registryKey]?: Registry };
globals[registryKey] ??= { servers: new Set(), resources: new Set(), installed: false };
const registry = globals[registryKey];

/**
 * Registers what the process must close before it exits (a database pool, a Redis connection); returns it.
 * Registering the same resource again does nothing.
 */
export function closeOnShutdown<T extends Closable>(resource: T): T {
  registry.resources.add(resource);
  return resource;
}

/** Takes back a registration, for a resource its owner has closed already. */
export function forgetOnShutdown(resource: Closable): void {
  registry.resources.delete(resource);
}

/**
 * Registers an HTTP server (a Node server, or anything with a promise-returning close), which is closed
 * before every other resource, whenever it was registered. Requests in flight finish first.
 */
export function closeServerOnShutdown<T extends Closable | Server>(server: T): T {
  registry.servers.add(
    server instanceof Server
      ? { close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
      : server,
  );
  return server;
}

export interface ShutdownOptions {
  /** The log prefix, e.g. the framework's name. */
  name: string;
  /** Where the shutdown is reported; absent: the console, under `name`. */
  log?: Logger;
  /** Closing gives up after this long and the process exits anyway (orchestrators kill after ~10 s). */
  deadlineMs?: number;
}

/**
 * On SIGTERM or SIGINT, closes the HTTP servers, then every other registered resource, newest first (the sync
 * route's Redis before the database it writes to), then exits: 0 when all closed in time, 1 otherwise.
 * Installing twice is a no-op.
 */
export function exitOnShutdownSignal({
  name,
  deadlineMs = 4_000,
  log = consoleLogger(name),
}: ShutdownOptions): void {
  if (registry.installed) return;
  registry.installed = true;
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({}, `${signal}: closing connections`);
    const outcome = await closeAll(log, deadlineMs);
    if (outcome === "timeout") log.error({}, `connections did not close within ${deadlineMs} ms`);
    process.exit(outcome === "closed" ? 0 : 1);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

/** Closes each server, then each resource, whatever the others do; each failure is reported. */
async function closeAll(log: Logger, deadlineMs: number): Promise<"closed" | "failed" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), deadlineMs);
  });
  const closeEach = async (what: string, closables: Closable[]) => {
    let failures = 0;
    for (const closable of closables)
      try {
        await closable.close();
      } catch (error) {
        failures += 1;
        log.error({}, `closing a ${what} failed: ${describeError(error)}`);
      }
    return failures;
  };
  const closing = (async () => {
    const servers = await Promise.all(
      [...registry.servers].map((server) => closeEach("server", [server])),
    );
    const resources = await closeEach("connection", [...registry.resources].toReversed());
    return servers.every((failures) => failures === 0) && resources === 0 ? "closed" : "failed";
  })();
  try {
    return await Promise.race([closing, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

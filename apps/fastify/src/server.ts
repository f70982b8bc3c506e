import { openOnStart } from "@crosswalk/db";
import { exitOnListenError, exitOnStartError } from "@crosswalk/server-env";
import { closeServerOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { buildApp } from "./app.ts";
import { createBackendClient } from "./clerk.ts";
import { createDatabase } from "./db.ts";
import { env } from "./env.ts";

const database = createDatabase(env);
const app = buildApp({ env, database, clerkClient: createBackendClient(env) });

// Opened before the first request, which would otherwise wait for the migrations; a database that is not up
// yet is tried again by each request.
await openOnStart("fastify", database, app.log);
// fastify.close() stops accepting, lets requests in flight finish, then runs the onClose hooks; the
// database goes after it.
closeServerOnShutdown({ close: () => app.close() });
exitOnShutdownSignal({ name: "fastify", log: app.log });
// Every plugin loads before the server listens, so a plugin that fails is reported as itself.
try {
  await app.ready();
} catch (error) {
  exitOnStartError("fastify", app.log)(error);
}
// HOST=127.0.0.1 (as `pnpm dev` sets it) keeps the server on loopback; absent, every interface.
await app
  .listen({ port: env.port, host: env.host ?? "::" })
  .catch(exitOnListenError("fastify", env.port, app.log));

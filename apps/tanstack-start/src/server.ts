import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { closeOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import handler, { createServerEntry } from "@tanstack/react-start/server-entry";
import { database } from "./server/db";
import { env } from "./server/env";

// A missing or malformed variable stops the server here, naming it, before any request is served; the
// database is opened and migrated once at start-up.
exitOnInvalidEnv(env);
const handle = closeOnShutdown(await database());
console.log(`[tanstack-start] database ready (${handle.kind})`);
// The HTTP server (server.ts) closes only when told to; the database pool would keep the process alive.
exitOnShutdownSignal({ name: "tanstack-start" });

export default createServerEntry({ fetch: (request) => handler.fetch(request) });

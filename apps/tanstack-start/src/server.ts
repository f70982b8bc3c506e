import { openOnStart } from "@crosswalk/db";
import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { exitOnShutdownSignal } from "@crosswalk/shutdown";
import handler, { createServerEntry } from "@tanstack/react-start/server-entry";
import { database } from "./server/db";
import { env } from "./server/env";

// A missing or malformed variable stops the server here, naming it, before any request is served. The
// database is opened and migrated now, so the first request does not wait; one that is not up yet is tried
// again by each request.
exitOnInvalidEnv(env);
await openOnStart("tanstack-start", database);
// The HTTP server (server.ts) closes only when told to; the database pool would keep the process alive.
exitOnShutdownSignal({ name: "tanstack-start" });

export default createServerEntry({ fetch: (request) => handler.fetch(request) });

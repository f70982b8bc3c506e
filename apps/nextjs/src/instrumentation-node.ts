import { openOnStart } from "@crosswalk/db";
import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { exitOnShutdownSignal } from "@crosswalk/shutdown";
import { database } from "./server/db";
import { env } from "./server/env";

// A missing or malformed variable stops the server here, naming it, before any request is served. The
// database is opened and migrated now, so the first request does not wait; one that is not up yet is tried
// again by each request.
exitOnInvalidEnv(env);
await openOnStart("nextjs", database);
// SIGTERM closes the HTTP server (server.ts), then the database; `next dev`'s own handler would exit as soon
// as its HTTP server closed, before the database had.
exitOnShutdownSignal({ name: "nextjs" });

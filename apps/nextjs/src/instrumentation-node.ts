import { openOnStart } from "@crosswalk/db";
import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { exitOnShutdownSignal } from "@crosswalk/shutdown";
import { database } from "./server/db";
import { env } from "./server/env";

// A missing or malformed variable stops `next start` here, naming it, before any request is served. The
// database is opened and migrated now, so the first request does not wait; one that is not up yet is tried
// again by each request.
exitOnInvalidEnv(env);
await openOnStart("nextjs", database);
// `next start` leaves SIGTERM to us (NEXT_MANUAL_SIG_HANDLE in the start script); its own handler would
// exit as soon as the HTTP server closed, before the database had closed.
exitOnShutdownSignal({ name: "nextjs" });

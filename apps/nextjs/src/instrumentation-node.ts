import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { closeOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { database } from "./server/db";
import { env } from "./server/env";

// A missing or malformed variable stops `next start` here, naming it, before any request is served;
// the database is opened and migrated once at start-up.
exitOnInvalidEnv(env);
const handle = closeOnShutdown(await database());
console.log(`[nextjs] database ready (${handle.kind})`);
// `next start` leaves SIGTERM to us (NEXT_MANUAL_SIG_HANDLE in the start script); its own handler would
// exit as soon as the HTTP server closed, before the database had closed.
exitOnShutdownSignal({ name: "nextjs" });

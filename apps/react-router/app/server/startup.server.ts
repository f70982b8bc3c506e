import { openOnStart } from "@crosswalk/db";
import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { exitOnShutdownSignal } from "@crosswalk/shutdown";
import { database } from "./db.server";
import { env } from "./env.server";

// Runs when server.ts (or the dev server) loads the server build: a missing or malformed variable stops
// the server here, naming it.
exitOnInvalidEnv(env);

// Opened before server.ts listens, as the other servers do, so the first request does not wait for the
// migrations; a database that is not up yet is tried again by each request. Awaited: with the open still
// running (PGlite blocks the process for seconds as it starts), a taken port's exit was seen not to happen.
await openOnStart("react-router", database);
// server.ts closes its HTTP server only when told to; the database pool would keep the process alive.
exitOnShutdownSignal({ name: "react-router" });

import { exitOnInvalidEnv } from "@crosswalk/server-env";
import { closeOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { database } from "./db.server";
import { env } from "./env.server";

// Runs when server.ts (or the dev server) loads the server build: a missing or malformed variable stops
// the server here, naming it, and the database is opened and migrated.
exitOnInvalidEnv(env);

// Requests wait for the same promise, so none is served before the migrations have run.
database().then(
  (handle) => {
    closeOnShutdown(handle);
    console.log(`[react-router] database ready (${handle.kind})`);
  },
  (error: unknown) => {
    console.error(
      "[react-router] the database could not be opened or migrated:",
      (error as Error).name,
    );
    process.exit(1);
  },
);
// server.ts closes its HTTP server only when told to; the database pool would keep the process alive.
exitOnShutdownSignal({ name: "react-router" });

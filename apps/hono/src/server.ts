import { openOnStart } from "@crosswalk/db";
import { exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { serve } from "@hono/node-server";
import { createApp } from "./app.ts";
import { createBackendClient } from "./clerk.ts";
import { createDatabase } from "./db.ts";
import { env } from "./env.ts";

const database = createDatabase(env);

// Opened before the first request, which would otherwise wait for the migrations; a database that is not up
// yet is tried again by each request.
await openOnStart("hono", database);
const app = createApp({ env, database, clerkClient: createBackendClient(env) });
// HOST=127.0.0.1 (as `pnpm dev` sets it) keeps the server on loopback; absent, every interface.
const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) =>
  console.log(`[hono] listening on http://localhost:${info.port}`),
);
server.once("error", exitOnListenError("hono", env.port));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);
exitOnShutdownSignal({ name: "hono" });

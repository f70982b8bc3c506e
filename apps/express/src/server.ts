import { openOnStart } from "@crosswalk/db";
import { exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { createApp } from "./app.ts";
import { createBackendClient } from "./clerk.ts";
import { createDatabase } from "./db.ts";
import { env } from "./env.ts";

const database = createDatabase(env);

// Opened before the first request, which would otherwise wait for the migrations; a database that is not up
// yet is tried again by each request.
await openOnStart("express", database);
const app = createApp({ env, database, clerkClient: createBackendClient(env) });
// HOST=127.0.0.1 (as `pnpm dev` sets it) keeps the server on loopback; absent, every interface.
const server = app.listen({ port: env.port, host: env.host });
server.once("error", exitOnListenError("express", env.port));
server.once("listening", () => console.log(`[express] listening on http://localhost:${env.port}`));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);
exitOnShutdownSignal({ name: "express" });

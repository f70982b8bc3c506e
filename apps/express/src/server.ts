import { openOnStart } from "@crosswalk/db";
import { exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { createApp } from "./app.ts";
import { database } from "./db.ts";
import { env } from "./env.ts";

// Opened before the first request, which would otherwise wait for the migrations; a database that is not up
// yet is tried again by each request.
await openOnStart("express", database);
// HOST=127.0.0.1 (as `pnpm dev` sets it) keeps the server on loopback; absent, every interface.
const server = createApp().listen({ port: env.port, host: env.host });
server.once("error", exitOnListenError("express", env.port));
server.once("listening", () => console.log(`[express] listening on http://localhost:${env.port}`));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);
exitOnShutdownSignal({ name: "express" });

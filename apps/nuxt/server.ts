// The production server: Nitro's request listener (the node-listener output) on Node's own HTTP server, so
// start-up and shutdown follow the contract: Nitro's node server logs a taken port and keeps running, serving
// nothing, and closes without the contract's log line or the database.
import { createServer, type RequestListener } from "node:http";
import { openOnStart } from "@crosswalk/db";
import { acceptAbsoluteFormTargets } from "@crosswalk/endpoints/routes";
import { exitOnInvalidEnv, exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { database } from "./server/utils/db.ts";
import { env } from "./server/utils/env.ts";

process.env.NODE_ENV ??= "production";
const { port, host } = exitOnInvalidEnv(env);
// Loading the build runs server/plugins/startup.ts, which hands @clerk/nuxt its keys.
const { listener }: { listener: RequestListener } = await import(
  new URL("./.output/server/index.mjs", import.meta.url).href
);
// Opened before the first request, which would otherwise wait for the migrations; a database that is not up
// yet is tried again by each request.
await openOnStart("nuxt", database);

// A proxy's absolute-form target (GET http://host/path) as the path Nitro routes by.
const server = createServer((request, response) =>
  acceptAbsoluteFormTargets(request, response, () => listener(request, response)),
);
server.listen({ port, host });
server.once("error", exitOnListenError("nuxt", port));
server.once("listening", () => console.log(`[nuxt] listening on http://localhost:${port}`));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);
exitOnShutdownSignal({ name: "nuxt" });

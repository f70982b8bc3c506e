// The production server: Express around the adapter's handler, as @astrojs/node's middleware mode is meant to
// be used, so start-up and shutdown follow the contract (the adapter's standalone server has no SIGTERM
// handling) and paths that do not decode get the contract's JSON (it answers them with a plain-text 400).
import { openOnStart } from "@crosswalk/db";
import { acceptAbsoluteFormTargets, refuseUnlistedApiRequests } from "@crosswalk/endpoints/routes";
import { exitOnInvalidEnv, exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import express from "express";
import { refuseCrossSiteApiForms } from "./src/server/cross-site-forms.ts";
import { database } from "./src/server/db.ts";
import { env } from "./src/server/env.ts";

process.env.NODE_ENV ??= "production";
const { port, host, clerk } = exitOnInvalidEnv(env);
const {
  handler,
}: { handler: (request: express.Request, response: express.Response) => Promise<void> } =
  await import(new URL("./dist/server/entry.mjs", import.meta.url).href);
// Opened before the first request, which would otherwise wait for the migrations; a database that is not up
// yet is tried again by each request.
await openOnStart("astro", database);

const app = express();
app.disable("x-powered-by");
app.use(acceptAbsoluteFormTargets);
app.use(refuseUnlistedApiRequests);
app.use(refuseCrossSiteApiForms(clerk.authorizedParties));
// Vite's hashed assets never change under their names; everything else in public/ (the favicon) may, so
// browsers and proxies keep it an hour.
const clientDir = new URL("./dist/client", import.meta.url).pathname;
app.use("/_astro", express.static(`${clientDir}/_astro`, { immutable: true, maxAge: "1y" }));
app.use(express.static(clientDir, { maxAge: "1h", index: false }));
// Without a next(), the adapter renders src/pages/404.astro for a path no route serves.
app.use((request, response) => handler(request, response));

const server = app.listen({ port, host });
server.once("error", exitOnListenError("astro", port));
server.once("listening", () => console.log(`[astro] listening on http://localhost:${port}`));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);
exitOnShutdownSignal({ name: "astro" });

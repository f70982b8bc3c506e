// The production server: remix-serve's, with the contract's answers for what no route serves (its Express 4
// router answers a path that does not decode with an HTML page before Remix sees the request) and without its
// request log, which would print every query string.
import {
  acceptAbsoluteFormTargets,
  perCallerCacheControl,
  refuseUnlistedApiRequests,
} from "@crosswalk/endpoints/routes";
import { exitOnInvalidEnv, exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown } from "@crosswalk/shutdown";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import express from "express";
import { env } from "./app/server/env.server.ts";

// As remix-serve does: production unless told otherwise (Express shows stack traces in development).
process.env.NODE_ENV ??= "production";
const { port, host } = exitOnInvalidEnv(env);
installGlobals({ nativeFetch: true });
// Loading the build runs app/server/startup.server.ts: the database opens and the shutdown handler installs.
const build: ServerBuild = await import(new URL("./build/server/index.js", import.meta.url).href);

const app = express();
app.disable("x-powered-by");
// A proxy's absolute-form target (GET http://host/path) as the path the adapter builds its Request from.
app.use(acceptAbsoluteFormTargets);
// Unlisted methods and paths, and paths that do not decode, get the contract's JSON before Remix routes
// (which would serve OPTIONS with a resource route's loader).
app.use(refuseUnlistedApiRequests);
// Vite's hashed assets never change under their names; everything else in public/ (the favicon, a robots.txt)
// may, so browsers and proxies keep it an hour, as remix-serve does.
app.use(
  `${build.publicPath}assets`,
  express.static(`${build.assetsBuildDirectory}/assets`, { immutable: true, maxAge: "1y" }),
);
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { maxAge: "1h" }));
app.use((request, response, next) => {
  if (request.path.startsWith("/api/")) return next();
  // Remix 2 refuses a form posted to a page from another origin by throwing, which its server answers with
  // an empty 500 and reports as a failure; React Router, its successor, answers 400, and so does this server.
  const origin = request.headers.origin;
  if (request.method === "POST" && origin && URL.parse(origin)?.host !== request.headers.host)
    return response.status(400).end();
  // Every page, its data for a client-side navigation and its redirects carry the visitor's auth state or
  // data: no cache may keep one (Remix 2 has no middleware to say so). The API routes say so themselves.
  response.set("Cache-Control", perCallerCacheControl);
  next();
});
app.use(createRequestHandler({ build, mode: process.env.NODE_ENV }));

const server = app.listen({ port, host });
server.once("error", exitOnListenError("remix", port));
server.once("listening", () => console.log(`[remix] listening on http://localhost:${port}`));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);

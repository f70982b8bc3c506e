// The production server: react-router-serve's, with the contract's answers for what no route serves (its
// Express router answers a path that does not decode with an HTML page before React Router sees the
// request) and without its request log, which would print every query string.
import { acceptAbsoluteFormTargets, refuseUnlistedApiRequests } from "@crosswalk/endpoints/routes";
import { exitOnInvalidEnv, exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown } from "@crosswalk/shutdown";
import express from "express";
import type { ServerBuild } from "react-router";
import { env } from "./app/server/env.server.ts";

// As react-router-serve does: production unless told otherwise (Express shows stack traces in development).
// Set before React loads, which the request handler's import does: React picks its build from NODE_ENV
// once, and a development React under react-dom's production renderer fails every page.
process.env.NODE_ENV ??= "production";
const { createRequestHandler } = await import("@react-router/express");
const { port, host } = exitOnInvalidEnv(env);
// Loading the build runs app/server/startup.server.ts: the database opens and the shutdown handler installs.
const build: ServerBuild = await import(new URL("./build/server/index.js", import.meta.url).href);

const app = express();
app.disable("x-powered-by");
// A proxy's absolute-form target (GET http://host/path) as the path the adapter builds its Request from.
app.use(acceptAbsoluteFormTargets);
// Unlisted methods and paths, and paths that do not decode, get the contract's JSON before React Router
// routes (which would serve OPTIONS with a resource route's loader).
app.use(refuseUnlistedApiRequests);
// Vite's hashed assets never change under their names; everything else in public/ (the favicon, a robots.txt)
// may, so browsers and proxies keep it an hour, as react-router-serve does.
app.use(
  `${build.publicPath}assets`,
  express.static(`${build.assetsBuildDirectory}/assets`, { immutable: true, maxAge: "1y" }),
);
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { maxAge: "1h" }));
app.all("/{*splat}", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const server = app.listen({ port, host });
server.once("error", exitOnListenError("react-router", port));
server.once("listening", () => console.log(`[react-router] listening on http://localhost:${port}`));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);

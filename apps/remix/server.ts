// The production server: remix-serve's, with the contract's answer for a path that does not decode (its
// Express 4 router answers that with an HTML page before Remix sees the request) and without its request
// log, which would print every query string.
import { isMalformedPath, malformedPath } from "@crosswalk/endpoints";
import { exitOnInvalidEnv } from "@crosswalk/server-env";
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
app.use((req, res, next) => {
  if (isMalformedPath(req.path)) res.status(malformedPath.status).json(malformedPath.body);
  else next();
});
app.use(
  build.publicPath,
  express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }),
);
app.use(createRequestHandler({ build, mode: process.env.NODE_ENV }));

const server = app.listen({ port, host }, () => {
  console.log(`[remix] listening on http://localhost:${port}`);
});
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown({
  close: () => new Promise<void>((resolve) => server.close(() => resolve())),
});

// The production server: Next's request handler on Node's HTTP server, as Next's custom-server guide writes it,
// for what `next start` cannot be told: it answers a proxy's absolute-form target (GET http://host/path)
// with a 308 to that same URL, which the proxy sends again, and it listens before any code of the app runs,
// so a taken port goes unreported in the contract's words. It is also where Next can be told to stay quiet
// about errors: Next would print each one whole (a failed query's text and values), and
// src/instrumentation.ts reports them instead, once each, by name and code.
import { createServer } from "node:http";
import { acceptAbsoluteFormTargets } from "@crosswalk/endpoints/routes";
import { exitOnInvalidEnv, exitOnListenError, parseServerEnv } from "@crosswalk/server-env";
import { closeServerOnShutdown } from "@crosswalk/shutdown";
import { envOptions } from "./src/server/env-options.ts";

// As `next start` does: production unless told otherwise. Set before Next loads React, which picks its build
// from NODE_ENV once (Next's types make the variable read-only).
if (!process.env.NODE_ENV) Object.assign(process.env, { NODE_ENV: "production" });
const { default: next } = await import("next");
const { port, host } = exitOnInvalidEnv(() => parseServerEnv(process.env, envOptions));
const app = next({
  dev: false,
  quiet: true,
  dir: import.meta.dirname,
  hostname: host ?? "localhost",
  port,
});
const handle = app.getRequestHandler();
// Runs src/instrumentation.ts: the database opens and the shutdown handler installs.
await app.prepare();

const server = createServer((request, response) =>
  acceptAbsoluteFormTargets(request, response, () => handle(request, response)),
);
server.listen({ port, host });
server.once("error", exitOnListenError("nextjs", port));
server.once("listening", () => console.log(`[nextjs] listening on http://localhost:${port}`));
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);

// The production server: what `srvx serve --prod` does, with the contract's answers for what no route
// serves (Start answers a path that does not decode with an empty 400, srvx's static files with text, both
// before any code of ours) and without srvx's request log, which prints every URL with its query string.
import { fileURLToPath } from "node:url";
import { toResponse, unlistedApiRequest } from "@crosswalk/endpoints/routes";
import { exitOnInvalidEnv, exitOnListenError } from "@crosswalk/server-env";
import { closeServerOnShutdown } from "@crosswalk/shutdown";
import { serve } from "srvx";
import { staticMiddleware } from "srvx/static";
import { env } from "./src/server/env.ts";

// As `srvx serve --prod` does: production unless told otherwise.
process.env.NODE_ENV ??= "production";
const { port, host } = exitOnInvalidEnv(env);
// Loading the build runs src/server.ts: the database opens and the shutdown handler installs.
const entry: { default: { fetch(request: Request): Promise<Response> } } = await import(
  new URL("./dist/server/server.js", import.meta.url).href
);

// Vite's hashed assets never change under their names; everything else in public/ (the favicon, a robots.txt)
// may, so browsers and proxies keep it an hour.
const clientDir = fileURLToPath(new URL("./dist/client", import.meta.url));
const hashedAssets = staticMiddleware({ dir: clientDir, maxAge: 31_536_000, immutable: true });
const publicFiles = staticMiddleware({ dir: clientDir, maxAge: 3_600 });

const server = serve({
  port,
  hostname: host,
  silent: true,
  // Our shutdown handler closes the server, then the database.
  gracefulShutdown: false,
  fetch: entry.default.fetch,
  middleware: [
    (request, next) => {
      const refusal = unlistedApiRequest(request.method, new URL(request.url).pathname);
      return refusal ? toResponse(refusal) : next();
    },
    (request, next) =>
      new URL(request.url).pathname.startsWith("/assets/")
        ? hashedAssets(request, next)
        : publicFiles(request, next),
  ],
});
await server.ready().catch(exitOnListenError("tanstack-start", port));
console.log(`[tanstack-start] listening on http://localhost:${port}`);
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown(server);

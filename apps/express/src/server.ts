import { closeServerOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { createApp } from "./app.ts";
import { database } from "./db.ts";
import { env } from "./env.ts";

// HOST=127.0.0.1 (as `pnpm dev` sets it) keeps the server on loopback; absent, every interface.
const server = createApp().listen({ port: env.port, host: env.host }, () => {
  console.log(`[express] listening on http://localhost:${env.port} (database: ${database.kind})`);
});
// Closed first: requests in flight finish before the database goes.
closeServerOnShutdown({
  close: () => new Promise<void>((resolve) => server.close(() => resolve())),
});
exitOnShutdownSignal({ name: "express" });

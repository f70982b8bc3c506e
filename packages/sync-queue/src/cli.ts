#!/usr/bin/env node
// `pnpm worker`: applies queued Clerk webhook events. Queue mode needs a database server that the app
// processes and the worker share (DATABASE_URL) and Redis (REDIS_URL).
import { createDatabase } from "@crosswalk/db";
import { redisClient, startSyncWorker } from "./queue.ts";

const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = process.env;
const missing = [...(databaseUrl ? [] : ["DATABASE_URL"]), ...(redisUrl ? [] : ["REDIS_URL"])];
if (missing.length > 0 || !databaseUrl || !redisUrl) {
  console.error(`Missing: ${missing.join(", ")} (queue mode needs a Postgres server and Redis)`);
  process.exit(1);
}
const database = createDatabase({ url: databaseUrl });
await database.migrate();
const connection = redisClient(redisUrl);
const worker = startSyncWorker({
  db: database.db,
  connection,
  name: process.env.SYNC_QUEUE_NAME,
  lockDurationMs: process.env.WORKER_LOCK_MS ? Number(process.env.WORKER_LOCK_MS) : undefined,
});
worker.on("failed", (job, error) => console.error(`[worker] ${job?.id} failed: ${error.message}`));
// Redis going away is reported here while the worker reconnects on its own; the messages carry no URL.
worker.on("error", (error) => console.error(`[worker] Redis: ${error.message}`));
console.log("[worker] applying queued Clerk webhook events");

async function stop() {
  await worker.close();
  connection.disconnect();
  await database.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

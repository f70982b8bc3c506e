#!/usr/bin/env node
// `pnpm worker`: applies queued Clerk webhook events. Queue mode needs a database server that the app
// processes and the worker share (DATABASE_URL), Redis (REDIS_URL) and the endpoint's signing secret
// (CLERK_WEBHOOK_SIGNING_SECRET), with which every job is checked before it is applied.
import { createDatabase } from "@crosswalk/db";
import { exitOnInvalidEnv, parseWorkerEnv } from "@crosswalk/server-env";
import { closeOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { redisClient, startSyncWorker } from "./queue.ts";

const env = exitOnInvalidEnv(() => parseWorkerEnv(process.env));
const database = closeOnShutdown(createDatabase({ url: env.databaseUrl }));
await database.migrate();
const connection = redisClient(env.redisUrl);
closeOnShutdown({ close: () => connection.disconnect() });
// Closed first: the job in hand finishes before its Redis connection and database go.
const worker = closeOnShutdown(
  startSyncWorker({
    db: database.db,
    connection,
    signingSecret: env.signingSecret,
    name: env.queueName,
    lockDurationMs: env.lockDurationMs,
  }),
);
worker.on("failed", (job, error) => console.error(`[worker] ${job?.id} failed: ${error.message}`));
// Redis going away is reported here while the worker reconnects on its own; the messages carry no URL.
worker.on("error", (error) => console.error(`[worker] Redis: ${error.message}`));
console.log("[worker] applying queued Clerk webhook events");
exitOnShutdownSignal({ name: "worker" });

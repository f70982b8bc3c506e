#!/usr/bin/env node
// `pnpm worker`: applies queued Clerk webhook events. Queue mode needs a database server that the app
// processes and the worker share (DATABASE_URL), Redis (REDIS_URL) and the endpoint's signing secret
// (CLERK_WEBHOOK_SIGNING_SECRET), with which every job is checked before it is applied.
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "@crosswalk/db";
import { describeError } from "@crosswalk/log";
import { exitOnInvalidEnv, parseWorkerEnv } from "@crosswalk/server-env";
import { closeOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { redisClient, startSyncWorker } from "./queue.ts";

const env = exitOnInvalidEnv(() => parseWorkerEnv(process.env));
exitOnShutdownSignal({ name: "worker" });
const database = closeOnShutdown(createDatabase({ url: env.databaseUrl }));
// Containers start in any order: a database that is not up yet is waited for, reported once per cause.
let reported: string | undefined;
for (;;) {
  try {
    await database.migrate();
    break;
  } catch (error) {
    const cause = describeError(error);
    if (cause !== reported)
      console.error(`[worker] database unavailable (${cause}); trying again every 2 s`);
    reported = cause;
    await sleep(2_000);
  }
}
const connection = redisClient(env.redisUrl);
closeOnShutdown({ close: () => connection.disconnect() });
// Closed first: the job in hand finishes before its Redis connection and database go.
const worker = closeOnShutdown(
  startSyncWorker({
    db: database.db,
    connection,
    signingSecret: env.signingSecret,
    previousSigningSecret: env.previousSigningSecret,
    retryHorizonMs: env.retrySeconds === undefined ? undefined : env.retrySeconds * 1000,
    name: env.queueName,
    lockDurationMs: env.lockDurationMs,
  }),
);
worker.on("failed", (job, error) => console.error(`[worker] ${job?.id} failed: ${error.message}`));
// Redis going away is reported here while the worker reconnects on its own; the messages carry no URL.
worker.on("error", (error) => console.error(`[worker] Redis: ${error.message}`));
console.log("[worker] applying queued Clerk webhook events");

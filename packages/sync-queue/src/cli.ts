#!/usr/bin/env node
// `pnpm worker [--retry-failed]`: applies queued Clerk webhook events. Queue mode needs a database server that
// the app processes and the worker share (DATABASE_URL), Redis (REDIS_URL) and the endpoint's signing secret
// (CLERK_WEBHOOK_SIGNING_SECRET), from which the key that opens every job comes. `--retry-failed` moves the
// failed and parked jobs back to the queue and exits.
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { createDatabase } from "@crosswalk/db";
import { describeError } from "@crosswalk/log";
import { exitOnInvalidEnv, parseWorkerEnv } from "@crosswalk/server-env";
import { closeOnShutdown, exitOnShutdownSignal } from "@crosswalk/shutdown";
import { evictionPolicyProblem } from "./eviction.ts";
import {
  createSyncQueue,
  redisClient,
  retryFailedJobs,
  startSyncWorker,
  workerShutdownMs,
} from "./queue.ts";

const env = exitOnInvalidEnv(() => parseWorkerEnv(process.env));
const { values: flags } = parseArgs({ options: { "retry-failed": { type: "boolean" } } });
const connection = redisClient(env.redisUrl);
const queue = createSyncQueue(connection, env.queueName);

// A Redis that evicts keys under memory pressure drops queued jobs that Svix was told were accepted.
const problem = await evictionPolicyProblem(connection);
if (problem) {
  console.error(`[worker] ${problem}`);
  connection.disconnect();
  process.exit(1);
}
if (flags["retry-failed"]) {
  const retried = await retryFailedJobs(queue);
  console.log(`[worker] moved ${retried} failed or parked jobs back to the queue`);
  await queue.close();
  connection.disconnect();
  process.exit(0);
}

exitOnShutdownSignal({ name: "worker", deadlineMs: workerShutdownMs });
closeOnShutdown({ close: () => connection.disconnect() });
closeOnShutdown({ close: () => queue.close() });
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
// A start is when the secrets may have changed: jobs that none opened before get another try.
const unparked = await retryFailedJobs(queue, "parked");
if (unparked > 0)
  console.log(`[worker] retrying ${unparked} parked jobs with the secrets configured now`);
console.log("[worker] applying queued Clerk webhook events");

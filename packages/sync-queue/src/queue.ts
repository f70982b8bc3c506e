import type { Database } from "@crosswalk/db";
import {
  applyEvent,
  createDeliveryVerifier,
  parseEvent,
  type VerifierOptions,
  type WebhookHandler,
  type WebhookLogger,
} from "@crosswalk/webhooks";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";

export const syncQueueName = "clerk-webhooks";

export interface SyncJob {
  svixId: string;
  /** The verified body, applied by the worker exactly as the direct route would apply it. */
  payload: string;
}

/** A Redis client for BullMQ from a `redis://` URL (workers block on Redis, so no per-request retries). */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

export function createSyncQueue(connection: Redis, name = syncQueueName): Queue<SyncJob> {
  return new Queue<SyncJob>(name, {
    connection,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: { age: 24 * 3600 },
      // Poison events stay in the failed set with their reason until someone looks.
      removeOnFail: false,
    },
  });
}

/**
 * The sync route in queue mode: the same checks as the direct route, then an enqueue whose job id is the
 * svix-id, so Redis already drops a redelivery of a queued or recent event. Answers 202 queued.
 */
export function createQueuedWebhookHandler(
  options: VerifierOptions & { queue: Queue<SyncJob> },
): WebhookHandler {
  const verify = createDeliveryVerifier(options);
  return async (request) => {
    const verification = verify(request);
    if (!verification.ok) return verification.response;
    const { svixId, payload } = verification;
    await options.queue.add(verification.event.type, { svixId, payload }, { jobId: svixId });
    return { status: 202, body: { status: "queued" } };
  };
}

export interface SyncWorkerOptions {
  db: Database;
  connection: Redis;
  name?: string | undefined;
  concurrency?: number;
  /** How long a job stays locked to a worker that stopped answering before another takes it over. */
  lockDurationMs?: number | undefined;
  log?: WebhookLogger;
}

/** Applies queued events with the shared handler; a database failure is retried with backoff. */
export function startSyncWorker(options: SyncWorkerOptions): Worker<SyncJob> {
  const lock = options.lockDurationMs
    ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }
    : {};
  return new Worker<SyncJob>(
    options.name ?? syncQueueName,
    async (job) => {
      const event = parseEvent(job.data.payload);
      if (!event)
        throw new UnrecoverableError("invalid_payload: not a Clerk event this app can apply");
      const result = await applyEvent(options.db, job.data.svixId, event, options.log);
      if (result.status >= 500)
        throw new Error("processing_failed: the database refused the event");
      return result.body;
    },
    { connection: options.connection, concurrency: options.concurrency ?? 8, ...lock },
  );
}

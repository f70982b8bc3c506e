import type { Database } from "@crosswalk/db";
import {
  applyEvent,
  consoleWebhookLogger,
  createDeliveryVerifier,
  createWebhookHandler,
  parseEvent,
  type VerifierOptions,
  type WebhookHandler,
  type WebhookHandlerOptions,
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

/**
 * The app's Redis client, which only enqueues: while Redis is down a command fails after one reconnect
 * attempt instead of holding the delivery open, so the route answers 500 and Svix delivers again later.
 */
export function producerRedisClient(url: string, log: WebhookLogger = consoleWebhookLogger): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  let reported = false;
  // ioredis reports every reconnect attempt; one line per outage is enough, and never the URL.
  client.on("error", (error: NodeJS.ErrnoException) => {
    if (reported) return;
    reported = true;
    log("error", "Redis is unavailable; queued deliveries answer 500 until it is back", {
      code: error.code,
    });
  });
  client.on("ready", () => {
    reported = false;
  });
  return client;
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
  options: VerifierOptions & {
    queue: Queue<SyncJob>;
    /** BullMQ waits for a Redis that has never answered; the delivery answers 500 after this instead. */
    enqueueTimeoutMs?: number;
  },
): WebhookHandler {
  const verify = createDeliveryVerifier(options);
  return async (request) => {
    const verification = verify(request);
    if (!verification.ok) return verification.response;
    const { svixId, payload, event } = verification;
    try {
      await within(
        options.queue.add(event.type, { svixId, payload }, { jobId: svixId }),
        options.enqueueTimeoutMs ?? 5_000,
      );
    } catch (error) {
      (options.log ?? consoleWebhookLogger)(
        "error",
        "enqueueing a webhook failed; Svix retries it",
        {
          svixId,
          type: event.type,
          reason: error instanceof Error ? error.name : undefined,
        },
      );
      return { status: 500, body: { error: "processing_failed" } };
    }
    return { status: 202, body: { status: "queued" } };
  };
}

class EnqueueTimeout extends Error {
  override name = "EnqueueTimeout";
}

/**
 * Settles with `promise` or fails after `ms`. An enqueue that completes after its delivery was answered
 * 500 is harmless: the job id is the svix-id, so Svix's retry of that delivery adds nothing.
 */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EnqueueTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface SyncRouteOptions extends WebhookHandlerOptions {
  /** From REDIS_URL and SYNC_QUEUE_NAME; absent: the route applies each event itself. */
  queue: { redisUrl: string; name?: string | undefined } | undefined;
}

/** A sync route handler that can let go of its Redis connection (a no-op in direct mode). */
export type SyncRouteHandler = WebhookHandler & { close(): Promise<void> };

/** Every app's sync route: applies the event in the request, or in queue mode enqueues it for the worker. */
export function createSyncRouteHandler({ queue, ...options }: SyncRouteOptions): SyncRouteHandler {
  if (!queue) return Object.assign(createWebhookHandler(options), { close: async () => {} });
  const connection = producerRedisClient(queue.redisUrl, options.log);
  const syncQueue = createSyncQueue(connection, queue.name);
  // producerRedisClient already reports an outage once; BullMQ would print every reconnect attempt.
  syncQueue.on("error", () => {});
  return Object.assign(createQueuedWebhookHandler({ ...options, queue: syncQueue }), {
    async close() {
      await syncQueue.close();
      connection.disconnect();
    },
  });
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
      const parsed = parseEvent(job.data.payload);
      if (!parsed.ok)
        throw new UnrecoverableError(`invalid_payload: ${parsed.field} cannot be applied`);
      const result = await applyEvent(options.db, job.data.svixId, parsed.event, options.log);
      if (result.status >= 500)
        throw new Error("processing_failed: the database refused the event");
      return result.body;
    },
    { connection: options.connection, concurrency: options.concurrency ?? 8, ...lock },
  );
}

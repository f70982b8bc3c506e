import type { Database } from "@crosswalk/db";
import type { Logger } from "@crosswalk/log";
import {
  applyEvent,
  createDeliveryVerifier,
  createWebhookHandler,
  isSignedBy,
  parseEvent,
  type SignedHeaders,
  type VerifierOptions,
  type WebhookHandler,
  type WebhookHandlerOptions,
  webhookConsoleLogger,
} from "@crosswalk/webhooks";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";

export const syncQueueName = "clerk-webhooks";

export interface SyncJob {
  svixId: string;
  /** The verified body, applied by the worker exactly as the direct route would apply it. */
  payload: string;
  /** The delivery's Svix headers: the worker checks them again, so nothing written into Redis is applied. */
  signed: SignedHeaders;
  /** When the route last queued it (ms): the worker's retry horizon counts from here, a redelivery restarts it. */
  queuedAt?: number;
}

/**
 * How long the worker keeps retrying an event whose database is away: as long as Svix would have kept
 * redelivering it (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about a day and a half), since a 202 ended Svix's.
 */
export const retryHorizonMs = 36 * 3600 * 1000;
const firstRetryMs = 500;
const longestRetryMs = 10 * 60 * 1000;

/** Exponential from half a second, then every ten minutes. */
export const retryDelayMs = (attemptsMade: number) =>
  Math.min(firstRetryMs * 2 ** Math.max(0, attemptsMade - 1), longestRetryMs);

/**
 * Every job may be tried this often: the worker ends its retries at its own horizon, by the time since the job
 * was queued, so jobs queued before its SYNC_RETRY_SECONDS changed follow the new setting.
 */
const attemptsUntilTheWorkerGivesUp = 1_000_000;

/** A Redis client for BullMQ from a `redis://` URL (workers block on Redis, so no per-request retries). */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/**
 * The app's Redis client, which only enqueues: while Redis is down a command fails after one reconnect
 * attempt instead of holding the delivery open, so the route answers 500 and Svix delivers again later.
 */
export function producerRedisClient(
  url: string,
  log: Logger = webhookConsoleLogger,
  /** What `CLIENT LIST` shows for the connection, so an operator can tell whose it is. */
  connectionName?: string,
): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    ...(connectionName ? { connectionName } : {}),
  });
  let reported = false;
  // ioredis reports every reconnect attempt; one line per outage is enough, and never the URL.
  client.on("error", (error: NodeJS.ErrnoException) => {
    if (reported) return;
    reported = true;
    log.error(
      { code: error.code },
      "Redis is unavailable; queued deliveries answer 500 until it is back",
    );
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
      attempts: attemptsUntilTheWorkerGivesUp,
      // The delays come from the worker's backoffStrategy (retryDelayMs).
      backoff: { type: "horizon" },
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
    const { svixId, payload, event, signed } = verification;
    try {
      await within(
        enqueue(options.queue, event.type, { svixId, payload, signed, queuedAt: Date.now() }),
        options.enqueueTimeoutMs ?? 5_000,
      );
    } catch (error) {
      (options.log ?? webhookConsoleLogger).error(
        { svixId, type: event.type, reason: error instanceof Error ? error.name : undefined },
        "enqueueing a webhook failed; Svix retries it",
      );
      return { status: 500, body: { error: "processing_failed" } };
    }
    return { status: 202, body: { status: "queued" } };
  };
}

/**
 * Adds the job under its svix-id, so Redis drops a redelivery of a queued or applied event. A redelivery of an
 * event whose job failed (its database was away longer than the retries, or the job was altered in Redis)
 * runs again with the delivery just verified and fresh attempts: whether it was applied is webhook_events'
 * to say, not the queue's.
 */
async function enqueue(queue: Queue<SyncJob>, type: string, job: SyncJob): Promise<void> {
  await queue.add(type, job, { jobId: job.svixId });
  if ((await queue.getJobState(job.svixId)) !== "failed") return;
  const failed = await queue.getJob(job.svixId);
  await failed?.updateData(job);
  try {
    await failed?.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  } catch (error) {
    // A concurrent redelivery of the same event retried it first.
    if ((await queue.getJobState(job.svixId)) === "failed") throw error;
  }
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
  const name = queue.name ?? syncQueueName;
  const connection = producerRedisClient(queue.redisUrl, options.log, `sync-route:${name}`);
  const syncQueue = createSyncQueue(connection, name);
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
  /** The endpoint's signing secret: a job is applied only when its Svix signature holds. */
  signingSecret: string;
  /** The secret a rotation replaced: jobs queued before it are still applied. */
  previousSigningSecret?: string | undefined;
  /** How long a job is retried while the database fails, from when it was queued; absent: {@link retryHorizonMs}. */
  retryHorizonMs?: number | undefined;
  name?: string | undefined;
  concurrency?: number;
  /** How long a job stays locked to a worker that stopped answering before another takes it over. */
  lockDurationMs?: number | undefined;
  log?: Logger | undefined;
}

/**
 * Applies queued events with the shared handler once their signature holds (by the current or the previous
 * secret); a database failure is retried at {@link retryDelayMs} until the worker's horizon has passed since
 * the job was queued.
 */
export function startSyncWorker(options: SyncWorkerOptions): Worker<SyncJob> {
  const secrets = [options.signingSecret, options.previousSigningSecret].filter(
    (secret): secret is string => secret !== undefined,
  );
  const horizonMs = options.retryHorizonMs ?? retryHorizonMs;
  const lock = options.lockDurationMs
    ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }
    : {};
  return new Worker<SyncJob>(
    options.name ?? syncQueueName,
    async (job) => {
      const { signed, payload } = job.data;
      // Anyone who can write to Redis could enqueue user.deleted for every user; tombstones are final.
      if (
        !signed ||
        signed.id !== job.data.svixId ||
        !secrets.some((secret) => isSignedBy(secret, signed, payload))
      )
        throw new UnrecoverableError("unverified: the job's Svix signature does not hold");
      const parsed = parseEvent(payload);
      if (!parsed.ok)
        throw new UnrecoverableError(`invalid_payload: ${parsed.field} cannot be applied`);
      const result = await applyEvent(options.db, job.data.svixId, parsed.event, options.log);
      if (result.status >= 500) {
        const waitedMs = Date.now() - (job.data.queuedAt ?? job.timestamp);
        // Svix's redelivery of the event queues it again and starts a new horizon.
        if (waitedMs >= horizonMs)
          throw new UnrecoverableError(
            `processing_failed: the database refused the event for ${Math.round(waitedMs / 1000)} s, past the worker's retry horizon`,
          );
        throw new Error("processing_failed: the database refused the event");
      }
      return result.body;
    },
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 8,
      settings: { backoffStrategy: retryDelayMs },
      ...lock,
    },
  );
}

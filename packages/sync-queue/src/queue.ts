import type { Database } from "@crosswalk/db";
import type { Logger } from "@crosswalk/log";
import {
  applyEvent,
  createDeliveryVerifier,
  createWebhookHandler,
  recordInvalidEvent,
  type WebhookHandler,
  type WebhookHandlerOptions,
  webhookConsoleLogger,
} from "@crosswalk/webhooks";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { jobKey, openChange, sealChange } from "./seal.ts";

export const syncQueueName = "clerk-webhooks";

export interface SyncJob {
  svixId: string;
  /** The event's type, bound into the seal. */
  type: string;
  /** The change the sync writes, sealed with a key from the signing secret (see {@link sealChange}). */
  sealed: string;
  /**
   * When the route queued it, or a redelivery or `--retry-failed` revived it from the failed set (ms): the
   * worker's retry horizon counts from here.
   */
  queuedAt: number;
}

/**
 * How long the worker keeps retrying an event whose database is away, since a 202 ended Svix's retries: past
 * the last of them (Svix waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h between attempts, so its last comes
 * 27 h 35 min after the first), with a margin for the time the event waited before its first attempt.
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

/**
 * What one attempt takes while the database is away or blocked: postgres.js's 5 s connect timeout, then a
 * statement's 2 s lock or 5 s statement timeout. A worker told to stop lets the attempt in hand end within
 * its deadline, so the job goes back as a retry; one that outlasts it (several blocked statements, a
 * network that drops packets) is left stalled, and another worker takes it over.
 */
export const longestAttemptMs = 10_000;
/** The worker's shutdown deadline: the attempt in hand, then closing Redis and the database. */
export const workerShutdownMs = longestAttemptMs + 5_000;

/** Why a job is parked: no configured secret opens it. The worker retries parked jobs each time it starts. */
export const parkedReason = "unverified";

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
      // webhook_events says what was applied; Redis keeps nothing of an applied event.
      removeOnComplete: true,
      // Kept, sealed, for `pnpm worker --retry-failed`; the last stack trace only, not one per attempt.
      removeOnFail: false,
      stackTraceLimit: 1,
    },
  });
}

/**
 * The sync route in queue mode: the same checks as the direct route; an event the app does not sync is
 * recorded as ignored at once, and only a synced event's change is queued, sealed, under its svix-id, so Redis
 * already drops a redelivery of a queued event. Answers 202 queued.
 */
export function createQueuedWebhookHandler(
  options: WebhookHandlerOptions & {
    queue: Queue<SyncJob>;
    /** BullMQ waits for a Redis that has never answered; the delivery answers 500 after this instead. */
    enqueueTimeoutMs?: number;
  },
): WebhookHandler {
  const verify = createDeliveryVerifier(options);
  // Without a secret the verifier refuses every delivery, so no event reaches the seal without a key.
  const key = jobKey(options.signingSecret ?? "");
  return async (request) => {
    const verification = verify(request);
    if (verification.kind === "refused") return verification.response;
    if (verification.kind === "invalid")
      return recordInvalidEvent(options.db, verification, options.log);
    const { svixId, event } = verification;
    if (!event.change) return applyEvent(options.db, svixId, event, options.log);
    const job = {
      svixId,
      type: event.type,
      sealed: sealChange(key, svixId, event.type, event.change),
      queuedAt: Date.now(),
    };
    try {
      await within(enqueue(options.queue, job), options.enqueueTimeoutMs ?? 5_000);
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
 * Adds the job under its svix-id, so Redis drops a redelivery of a queued event. A redelivery of an event
 * whose job failed (its database was away longer than the retries, or no secret opened it) runs again with
 * the delivery just verified and fresh attempts: whether it was applied is webhook_events' to say.
 */
async function enqueue(queue: Queue<SyncJob>, job: SyncJob): Promise<void> {
  await queue.add(job.type, job, { jobId: job.svixId });
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

/**
 * Moves the jobs failed at the time of the call back to the queue with fresh attempts and a new retry
 * horizon: all of them, or only the parked ones. Returns how many it moved.
 */
export async function retryFailedJobs(
  queue: Queue<SyncJob>,
  which: "all" | "parked" = "all",
): Promise<number> {
  // The ids first, then the moves: a running worker that parks a moved job again puts it back at the top
  // of the failed set, and a loop over that set would never end.
  const ids = new Set<string>();
  for (let start = 0; ; start += 500) {
    const page = await queue.getFailed(start, start + 499);
    for (const job of page)
      if (job.id && (which === "all" || job.failedReason?.startsWith(parkedReason)))
        ids.add(job.id);
    if (page.length < 500) break;
  }
  let retried = 0;
  for (const id of ids) if (await retryFailedJob(queue, id)) retried += 1;
  return retried;
}

/**
 * False when something else moved it first: another worker starting at the same time, `--retry-failed`, or
 * a redelivery (after which the job may already be applied and removed).
 */
async function retryFailedJob(queue: Queue<SyncJob>, id: string): Promise<boolean> {
  const job = await queue.getJob(id);
  try {
    if (!job || (await job.getState()) !== "failed") return false;
    await job.updateData({ ...job.data, queuedAt: Date.now() });
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  } catch (error) {
    if ((await queue.getJobState(id)) === "failed") throw error;
    return false;
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
  /** The endpoint's signing secret: a job is applied only when a key from it opens the job. */
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
 * Applies queued events with the shared handler once a key from the current or the previous secret opens
 * them (one that none opens is parked in the failed set); a database failure is retried at
 * {@link retryDelayMs} until the worker's horizon has passed since the job was queued.
 */
export function startSyncWorker(options: SyncWorkerOptions): Worker<SyncJob> {
  const keys = [options.signingSecret, options.previousSigningSecret]
    .filter((secret): secret is string => secret !== undefined)
    .map(jobKey);
  const horizonMs = options.retryHorizonMs ?? retryHorizonMs;
  const lock = options.lockDurationMs
    ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs }
    : {};
  return new Worker<SyncJob>(
    options.name ?? syncQueueName,
    async (job) => {
      const { svixId, type, sealed, queuedAt } = job.data;
      // Anyone who can write to Redis could enqueue user.deleted for every user; tombstones are final.
      const change =
        typeof sealed === "string" && svixId === job.id
          ? openChange(keys, svixId, type, sealed)
          : undefined;
      if (!change)
        throw new UnrecoverableError(
          `${parkedReason}: no configured signing secret opens the job; parked until one does`,
        );
      const result = await applyEvent(options.db, svixId, { type, change }, options.log);
      if (result.status >= 500) {
        const waitedMs = Date.now() - queuedAt;
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
      // A job stalls when its worker died mid-attempt, and nothing of an unfinished attempt is committed:
      // taken over as often as that happens, it is still applied once (webhook_events).
      maxStalledCount: attemptsUntilTheWorkerGivesUp,
      ...lock,
    },
  );
}

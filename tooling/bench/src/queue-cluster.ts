import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { startClerkEmulator } from "@crosswalk/clerk-emulator";
import {
  createAppDatabase,
  type RunningApp,
  readAppConfig,
  startApp,
  startWorker,
} from "@crosswalk/conformance/harness";
import {
  createDatabase,
  type Database,
  organizationMemberships,
  organizations,
  users,
  webhookEvents,
} from "@crosswalk/db";
import { createSyncQueue, redisClient } from "@crosswalk/sync-queue";
import { type SignedDelivery, signEvent } from "@crosswalk/webhooks/testing";
import {
  actualRows,
  type ClerkHistory,
  divergentRows,
  expectedRows,
  simulateHistory,
} from "./clerk-history.ts";
import { type Measurement, measure } from "./measure.ts";

type SyncQueue = ReturnType<typeof createSyncQueue>;

export const clusterShape = {
  apps: 4,
  workers: 2,
  concurrency: 32,
  /** Deliveries are shuffled within this many places of Clerk's order. */
  window: 64,
  redeliveryShare: 0.2,
  /** How far behind its first delivery a redelivery may come: some find the job still queued, some applied. */
  redeliveryReach: 1_000,
};

export interface QueueClusterFigures {
  users: number;
  organizations: number;
  memberships: number;
  /** Distinct events (svix-ids) sent. */
  events: number;
  redeliveries: number;
  /** Events that found a newer version (or a tombstone) already applied: how often the order was beaten. */
  staleEvents: number;
  /** From the first delivery until every event was applied and the queue drained. */
  seconds: number;
  eventsPerSecond: number;
  /** The route's answer time, over every delivery. */
  answers: Measurement;
  errors: number;
  /** Rows of users, organizations and organization_memberships compared with the model. */
  rows: number;
  divergentRows: number;
}

const root = fileURLToPath(new URL("../../..", import.meta.url));
/** A drain that makes no progress for this long has stopped. */
const stallMs = 60_000;

interface Stoppable {
  stop(): Promise<unknown>;
}

/** Starts them all at once; if any fails, stops those that started before reporting it. */
async function startAll<T extends Stoppable>(count: number, start: () => Promise<T>): Promise<T[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, start));
  const failure = started.find((result) => result.status === "rejected");
  const running = started.flatMap((result) =>
    result.status === "fulfilled" ? [result.value] : [],
  );
  if (!failure) return running;
  await Promise.all(running.map((process) => process.stop()));
  throw failure.reason;
}

/** Jobs not yet applied, and those that failed for good (which no wait would see applied). */
async function queueBacklog(queue: SyncQueue) {
  const { failed = 0, ...pending } = await queue.getJobCounts(
    "waiting",
    "active",
    "delayed",
    "prioritized",
    "waiting-children",
    "failed",
  );
  return { pending: Object.values(pending).reduce((sum, n) => sum + n, 0), failed };
}

/**
 * Clerk's order, shuffled within a window so a later version sometimes arrives first, with a share of the
 * deliveries sent again as they were signed (same svix-id), as Svix does when an answer was lost.
 */
function scheduleDeliveries(history: ClerkHistory, secret: string) {
  const signed = history.events.map((event) => signEvent(secret, event));
  const { window, redeliveryShare, redeliveryReach } = clusterShape;
  const first = signed.map((delivery, i) => ({ delivery, at: i + Math.random() * window }));
  const again = signed.flatMap((delivery, i) =>
    Math.random() < redeliveryShare ? [{ delivery, at: i + Math.random() * redeliveryReach }] : [],
  );
  return {
    redeliveries: again.length,
    deliveries: [...first, ...again].sort((a, b) => a.at - b.at).map(({ delivery }) => delivery),
  };
}

/** 202 queued, or 200 for a type the app does not sync; anything else is an error. */
function answeredAsQueueMode(status: number, body: unknown) {
  const outcome = (body as { status?: string } | null)?.status;
  return (status === 202 && outcome === "queued") || (status === 200 && outcome === "ignored");
}

/** Posts the deliveries round robin across the apps; returns the answer times and the svix-ids accepted. */
async function sendAll(apps: RunningApp[], deliveries: SignedDelivery[]) {
  const accepted = new Set<string>();
  const errors: string[] = [];
  const post = async (index: number) => {
    const delivery = deliveries[index] as SignedDelivery;
    const app = apps[index % apps.length] as RunningApp;
    try {
      const response = await fetch(`${app.url}/api/webhooks/clerk`, {
        method: "POST",
        headers: { ...delivery.headers, "content-type": "application/json" },
        body: delivery.body,
      });
      const body: unknown = await response.json().catch(() => null);
      if (answeredAsQueueMode(response.status, body)) accepted.add(delivery.headers["svix-id"]);
      else errors.push(`${response.status} ${JSON.stringify(body)}`);
    } catch (error) {
      errors.push(String(error));
    }
  };
  const answers = await measure(deliveries.length, clusterShape.concurrency, post);
  return { answers, accepted, errors };
}

/** Until webhook_events holds every accepted event and the queue holds no job still to apply. */
async function waitUntilDrained(db: Database, queue: SyncQueue, events: number) {
  let progress = "";
  let progressAt = Date.now();
  for (;;) {
    const applied = await db.$count(webhookEvents);
    const { pending, failed } = await queueBacklog(queue);
    if (failed > 0) throw new Error(`${failed} jobs failed and will not be applied`);
    if (applied >= events && pending === 0) return;
    const now = `${applied} ${pending}`;
    if (now !== progress) [progress, progressAt] = [now, Date.now()];
    if (Date.now() - progressAt > stallMs)
      throw new Error(
        `the queue stopped draining: ${applied} of ${events} events applied, ${pending} jobs pending`,
      );
    await sleep(100);
  }
}

async function staleEvents(db: Database) {
  const recorded = await db.select({ status: webhookEvents.status }).from(webhookEvents);
  return recorded.filter((event) => event.status === "stale").length;
}

async function compareWithModel(db: Database, history: ClerkHistory) {
  const expected = expectedRows(history);
  const actual = actualRows({
    users: await db.select().from(users),
    organizations: await db.select().from(organizations),
    memberships: await db.select().from(organizationMemberships),
  });
  const divergent = divergentRows(expected, actual);
  for (const key of divergent.slice(0, 5))
    console.error(
      `[bench] ${key}: the model has ${expected.get(key)}, the database ${actual.get(key)}`,
    );
  return { rows: expected.size, divergent: divergent.length };
}

interface Cluster {
  apps: RunningApp[];
  db: Database;
  secret: string;
  queue: SyncQueue;
}

/**
 * The cluster on a fresh database and queue of its own, against the emulator; whatever was started is
 * stopped, dropped or removed afterwards, in reverse, even when the run or a start failed.
 */
async function withCluster<T>(
  serverUrl: string,
  redisUrl: string,
  run: (cluster: Cluster) => Promise<T>,
): Promise<T> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const stopAll = (processes: Stoppable[]) => () => Promise.all(processes.map((p) => p.stop()));
  try {
    const queueName = `crosswalk-bench-${randomUUID()}`;
    const connection = redisClient(redisUrl);
    cleanups.push(async () => connection.disconnect());
    const queue = createSyncQueue(connection, queueName);
    // Everything BullMQ keeps for the queue: a run leaves nothing in Redis.
    cleanups.push(async () => {
      await queue.obliterate({ force: true });
      await queue.close();
    });
    const emulator = await startClerkEmulator();
    cleanups.push(() => emulator.close());
    const database = await createAppDatabase(serverUrl);
    cleanups.push(() => database.drop());
    const env = {
      ...emulator.env,
      DATABASE_URL: database.env.DATABASE_URL as string,
      REDIS_URL: redisUrl,
      SYNC_QUEUE_NAME: queueName,
    };
    const reader = createDatabase({ url: env.DATABASE_URL, maxConnections: 2 });
    cleanups.push(() => reader.close());
    const express = readAppConfig(join(root, "apps", "express"));
    const apps = await startAll(clusterShape.apps, () => startApp(express, env));
    cleanups.push(stopAll(apps));
    cleanups.push(stopAll(await startAll(clusterShape.workers, () => startWorker(env))));
    return await run({ apps, db: reader.db, secret: emulator.webhookSecret, queue });
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error) => console.error(`[bench] cleaning up: ${error}`));
  }
}

/**
 * A random Clerk history of about `events` events, delivered interleaved and partly redelivered to the
 * Express app in queue mode, applied by `pnpm worker`, then compared row by row with the model.
 */
export async function benchQueueCluster(
  serverUrl: string,
  redisUrl: string,
  events: number,
): Promise<QueueClusterFigures> {
  const history = simulateHistory(randomUUID().slice(0, 8), Math.max(2, Math.round(events / 6)));
  return withCluster(serverUrl, redisUrl, async ({ apps, db, secret, queue }) => {
    const { deliveries, redeliveries } = scheduleDeliveries(history, secret);
    console.log(
      `[bench] ${history.events.length} events and ${redeliveries} redeliveries to ${apps.length} apps`,
    );
    const started = performance.now();
    const { answers, accepted, errors } = await sendAll(apps, deliveries);
    await waitUntilDrained(db, queue, accepted.size);
    const seconds = (performance.now() - started) / 1000;
    if (errors.length > 0)
      console.error(`[bench] ${errors.length} errors, the first: ${errors[0]}`);
    const { rows, divergent } = await compareWithModel(db, history);
    return {
      users: history.users.size,
      organizations: history.organizations.size,
      memberships: history.memberships.size,
      events: history.events.length,
      redeliveries,
      staleEvents: await staleEvents(db),
      seconds,
      eventsPerSecond: history.events.length / seconds,
      answers,
      errors: errors.length,
      rows,
      divergentRows: divergent,
    };
  });
}

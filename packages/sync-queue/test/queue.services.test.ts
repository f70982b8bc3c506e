import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createDatabase, type DatabaseHandle, users, webhookEvents } from "@crosswalk/db";
import { databaseProxy, openServerDatabase, type TestDatabase } from "@crosswalk/db/testing";
import { silentLogger } from "@crosswalk/log/testing";
import {
  events,
  newSigningSecret,
  type SignedDelivery,
  signEvent,
  signPayload,
  type UserState,
} from "@crosswalk/webhooks/testing";
import type { Queue, Worker } from "bullmq";
import { eq, like } from "drizzle-orm";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createQueuedWebhookHandler,
  createSyncQueue,
  redisClient,
  type SyncJob,
  startSyncWorker,
} from "../src/index.ts";

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl || !process.env.TEST_DATABASE_URL)
  console.info(
    "queue tests skipped: they need TEST_REDIS_URL and TEST_DATABASE_URL (Redis and Postgres servers)",
  );
const secret = newSigningSecret();

/** `users` users, each created and updated three times: 4 events a user, in Clerk's order. */
function history(run: string, count: number): SignedDelivery[] {
  return Array.from({ length: count }, (_, index) => {
    const user: UserState = {
      id: `user_q${run}n${index}`,
      email: `q${index}@example.com`,
      firstName: "v0",
      lastName: null,
      username: null,
      imageUrl: null,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
    };
    return [
      events.userCreated(user),
      ...[1, 2, 3].map((version) =>
        events.userUpdated({
          ...user,
          firstName: `v${version}`,
          updatedAt: user.updatedAt + version,
        }),
      ),
    ];
  })
    .flat()
    .map((event) => signEvent(secret, event));
}

const signedHeaders = (delivery: SignedDelivery) => ({
  id: delivery.headers["svix-id"],
  timestamp: delivery.headers["svix-timestamp"],
  signature: delivery.headers["svix-signature"],
});

async function completed(queue: Queue<SyncJob>): Promise<number> {
  return (await queue.getJobCounts("completed")).completed ?? 0;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function expectFinalVersions(database: DatabaseHandle, run: string, count: number) {
  const rows = await database.db
    .select()
    .from(users)
    .where(like(users.clerkId, `user_q${run}n%`));
  expect(rows).toHaveLength(count);
  expect(new Set(rows.map((row) => row.firstName))).toEqual(new Set(["v3"]));
}

// Queue mode runs the route and the worker in separate processes, so it needs a database server they share.
const serverUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!redisUrl || !serverUrl)("queue mode on a Postgres server", () => {
  let connection: Redis;
  let database: DatabaseHandle;
  let queue: Queue<SyncJob>;
  let worker: Worker<SyncJob> | undefined;
  const name = `crosswalk-test-${randomUUID()}`;

  beforeAll(async () => {
    connection = redisClient(redisUrl as string);
    database = await openServerDatabase(serverUrl as string);
    queue = createSyncQueue(connection, name);
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    await database.close();
  });

  it("applies a burst of 5,000 events with redeliveries exactly once each", async () => {
    const run = randomUUID().slice(0, 8);
    const deliveries = history(run, 1_250);
    const redeliveries = deliveries.filter((_, index) => index % 5 === 0);
    const handler = createQueuedWebhookHandler({ signingSecret: secret, queue });
    const schedule = [...deliveries, ...redeliveries].sort(() => Math.random() - 0.5);
    for (let offset = 0; offset < schedule.length; offset += 100) {
      const answers = await Promise.all(
        schedule
          .slice(offset, offset + 100)
          .map((delivery) => handler({ body: delivery.body, headers: { ...delivery.headers } })),
      );
      for (const answer of answers)
        expect(answer).toEqual({ status: 202, body: { status: "queued" } });
    }

    worker = startSyncWorker({
      db: database.db,
      connection,
      signingSecret: secret,
      name,
      concurrency: 8,
      log: silentLogger,
    });
    await waitFor(async () => (await completed(queue)) >= deliveries.length);
    const counts = await queue.getJobCounts("completed", "failed", "waiting", "active", "delayed");
    expect(counts).toEqual({
      completed: deliveries.length,
      failed: 0,
      waiting: 0,
      active: 0,
      delayed: 0,
    });
    const results = (await queue.getCompleted(0, -1)).map(
      (job) => (job.returnvalue as { status: string }).status,
    );
    expect(results.filter((status) => status === "duplicate")).toEqual([]);
    const recorded = await database.db.select().from(webhookEvents);
    expect(
      recorded.filter((row) =>
        deliveries.some((delivery) => delivery.headers["svix-id"] === row.svixId),
      ),
    ).toHaveLength(deliveries.length);
    await expectFinalVersions(database, run, 1_250);
  });

  it("keeps a poison event in the failed set with its reason", async () => {
    // Signed by the endpoint's secret, yet not an event: only Clerk could have queued it.
    const poison = signPayload(secret, '{"not":"a Clerk event"}');
    await queue.add("user.created", {
      svixId: poison.headers["svix-id"],
      payload: poison.body,
      signed: signedHeaders(poison),
    });
    worker = startSyncWorker({
      db: database.db,
      connection,
      signingSecret: secret,
      name,
      log: silentLogger,
    });
    await waitFor(async () => ((await queue.getJobCounts("failed")).failed ?? 0) === 1, 60_000);
    const [failed] = await queue.getFailed();
    expect(failed?.failedReason).toContain("invalid_payload");
    expect(failed?.attemptsMade).toBe(1);
  });
});

describe.skipIf(!redisUrl || !serverUrl)("queue mode against outages and forgery", () => {
  let connection: Redis;
  let database: TestDatabase;
  const queues: Queue<SyncJob>[] = [];
  const workers: Worker<SyncJob>[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    connection = redisClient(redisUrl as string);
    database = await openServerDatabase(serverUrl as string);
  });
  afterAll(async () => {
    for (const worker of workers) await worker.close();
    for (const cleanup of cleanups) await cleanup();
    for (const queue of queues) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    connection.disconnect();
    await database.close();
  });

  const freshQueue = () => {
    const queue = createSyncQueue(connection, `crosswalk-test-${randomUUID()}`);
    queues.push(queue);
    return queue;
  };
  const work = (
    queue: Queue<SyncJob>,
    db = database.db,
    options: Partial<Parameters<typeof startSyncWorker>[0]> = {},
  ) => {
    const worker = startSyncWorker({
      db,
      connection,
      signingSecret: secret,
      ...options,
      name: queue.name,
      log: silentLogger,
    });
    workers.push(worker);
    return worker;
  };
  const userRows = (id: string) => database.db.select().from(users).where(eq(users.clerkId, id));
  const aUser = (firstName: string): UserState => ({
    id: `user_q${randomUUID().slice(0, 8)}`,
    email: null,
    firstName,
    lastName: null,
    username: null,
    imageUrl: null,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
  });

  it("refuses a job altered in Redis into the failed set, applying nothing", async () => {
    const queue = freshQueue();
    const user = aUser("Honest");
    const delivery = signEvent(secret, events.userCreated(user));
    const handler = createQueuedWebhookHandler({ signingSecret: secret, queue });
    expect(await handler({ body: delivery.body, headers: { ...delivery.headers } })).toEqual({
      status: 202,
      body: { status: "queued" },
    });
    const job = await queue.getJob(delivery.headers["svix-id"]);
    await job?.updateData({
      ...(job.data as SyncJob),
      payload: delivery.body.replace("Honest", "Forged"),
    });
    work(queue);
    await waitFor(async () => ((await queue.getJobCounts("failed")).failed ?? 0) === 1, 60_000);
    const [failed] = await queue.getFailed();
    expect(failed?.failedReason).toContain("unverified");
    expect(failed?.attemptsMade).toBe(1);
    expect(await userRows(user.id)).toEqual([]);
  });

  it("applies Svix's redelivery of an event whose job was altered in Redis, in place of the altered job", async () => {
    const queue = freshQueue();
    const user = aUser("Genuine");
    const svixId = `msg_altered_${randomUUID()}`;
    const deliver = () => {
      const delivery = signEvent(secret, events.userCreated(user), { svixId });
      return handler({ body: delivery.body, headers: { ...delivery.headers } });
    };
    const handler = createQueuedWebhookHandler({ signingSecret: secret, queue });
    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    const job = await queue.getJob(svixId);
    await job?.updateData({
      ...(job.data as SyncJob),
      payload: (job.data as SyncJob).payload.replace("Genuine", "Forged"),
    });
    work(queue);
    await waitFor(async () => ((await queue.getJobCounts("failed")).failed ?? 0) === 1, 60_000);
    expect(await userRows(user.id)).toEqual([]);

    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    await waitFor(async () => (await completed(queue)) === 1, 60_000);
    expect(await userRows(user.id)).toMatchObject([{ firstName: "Genuine" }]);
  });

  it("after a secret rotation, applies the jobs queued under the previous secret, which the worker still accepts", async () => {
    const queue = freshQueue();
    const previous = newSigningSecret();
    const queuedBefore = aUser("Rotated");
    const beforeRotation = createQueuedWebhookHandler({ signingSecret: previous, queue });
    const delivery = signEvent(previous, events.userCreated(queuedBefore));
    expect(
      (await beforeRotation({ body: delivery.body, headers: { ...delivery.headers } })).status,
    ).toBe(202);
    work(queue, database.db, { signingSecret: secret, previousSigningSecret: previous });
    await waitFor(async () => (await completed(queue)) === 1, 60_000);
    expect(await userRows(queuedBefore.id)).toMatchObject([{ firstName: "Rotated" }]);
  });

  it("refuses a job signed with a secret it was not given, even one that is no longer current", async () => {
    const queue = freshQueue();
    const forgotten = newSigningSecret();
    const user = aUser("Forgotten");
    const delivery = signEvent(forgotten, events.userCreated(user));
    await createQueuedWebhookHandler({ signingSecret: forgotten, queue })({
      body: delivery.body,
      headers: { ...delivery.headers },
    });
    work(queue);
    await waitFor(async () => ((await queue.getJobCounts("failed")).failed ?? 0) === 1, 60_000);
    expect((await queue.getFailed())[0]?.failedReason).toContain("unverified");
    expect(await userRows(user.id)).toEqual([]);
  });

  it("refuses a job written into Redis without a signature", async () => {
    const queue = freshQueue();
    const user = aUser("Planted");
    await queue.add("user.deleted", {
      svixId: "msg_planted",
      payload: JSON.stringify(events.userCreated(user)),
    } as unknown as SyncJob);
    work(queue);
    await waitFor(async () => ((await queue.getJobCounts("failed")).failed ?? 0) === 1, 60_000);
    expect((await queue.getFailed())[0]?.failedReason).toContain("unverified");
    expect(await userRows(user.id)).toEqual([]);
  });

  it("applies a job however long it waited: the signature's age does not matter", async () => {
    const queue = freshQueue();
    const user = aUser("Patient");
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    const delivery = signEvent(secret, events.userCreated(user), { timestamp: threeDaysAgo });
    await queue.add("user.created", {
      svixId: delivery.headers["svix-id"],
      payload: delivery.body,
      signed: signedHeaders(delivery),
    });
    work(queue);
    await waitFor(async () => (await completed(queue)) === 1, 60_000);
    expect(await userRows(user.id)).toMatchObject([{ firstName: "Patient" }]);
  });

  it("applies an event whose job ran out of retries while the database was away, once Svix redelivers it", async () => {
    const proxy = await databaseProxy(database.url as string);
    cleanups.push(async () => {
      if (proxy.listening()) await proxy.close();
    });
    const workerDatabase = createDatabase({ url: proxy.url, maxConnections: 2 });
    cleanups.push(() => workerDatabase.close());
    const queue = freshQueue();
    const handler = createQueuedWebhookHandler({ signingSecret: secret, queue });
    const user = aUser("Outlasted");
    const svixId = `msg_outage_${randomUUID()}`;
    const deliver = () => {
      const delivery = signEvent(secret, events.userCreated(user), { svixId });
      return handler({ body: delivery.body, headers: { ...delivery.headers } });
    };

    await proxy.cut();
    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    // A second of retries stands in for the day and a half the default horizon covers.
    work(queue, workerDatabase.db, { retryHorizonMs: 1_000 });
    await waitFor(async () => ((await queue.getJobCounts("failed")).failed ?? 0) === 1, 60_000);
    expect((await queue.getFailed())[0]?.failedReason).toContain("processing_failed");
    expect(await userRows(user.id)).toEqual([]);

    await proxy.restore();
    // Svix's next attempt: the same svix-id, signed anew. BullMQ alone would drop it as a known job id.
    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    await waitFor(async () => (await completed(queue)) === 1, 60_000);
    expect(await userRows(user.id)).toMatchObject([{ firstName: "Outlasted" }]);
    expect(await queue.getJobCounts("failed")).toEqual({ failed: 0 });
  });
});

describe.skipIf(!redisUrl || !serverUrl)("a worker killed mid-burst", () => {
  let connection: Redis;
  const name = `crosswalk-test-${randomUUID()}`;
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  let database: TestDatabase;
  let queue: Queue<SyncJob>;
  const children: ChildProcess[] = [];

  const startWorkerProcess = () => {
    const child = spawn(process.execPath, [cli], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        SYNC_QUEUE_NAME: name,
        CLERK_WEBHOOK_SIGNING_SECRET: secret,
        WORKER_LOCK_MS: "2000",
      },
      stdio: "ignore",
    });
    children.push(child);
    return child;
  };
  let databaseUrl = "";

  beforeAll(async () => {
    connection = redisClient(redisUrl as string);
    database = await openServerDatabase(serverUrl as string);
    databaseUrl = database.url ?? "";
    queue = createSyncQueue(connection, name);
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    await database.close();
  });

  it("loses nothing: the restarted worker finishes every event once", async () => {
    expect(databaseUrl).toMatch(/^postgres/);
    const run = randomUUID().slice(0, 8);
    const deliveries = history(run, 500);
    const handler = createQueuedWebhookHandler({ signingSecret: secret, queue });
    for (const delivery of deliveries)
      await handler({ body: delivery.body, headers: { ...delivery.headers } });

    const first = startWorkerProcess();
    await waitFor(async () => (await completed(queue)) >= 300);
    first.kill("SIGKILL");
    const afterKill = await completed(queue);
    expect(afterKill).toBeLessThan(deliveries.length);

    startWorkerProcess();
    await waitFor(async () => (await completed(queue)) >= deliveries.length);
    expect(await queue.getJobCounts("completed", "failed", "waiting", "active")).toEqual({
      completed: deliveries.length,
      failed: 0,
      waiting: 0,
      active: 0,
    });
    const recorded = await database.db.select().from(webhookEvents);
    expect(
      recorded.filter((row) =>
        deliveries.some((delivery) => delivery.headers["svix-id"] === row.svixId),
      ),
    ).toHaveLength(deliveries.length);
    await expectFinalVersions(database, run, 500);
  });
});

import { randomUUID } from "node:crypto";
import { createDatabase, type DatabaseHandle, users, webhookEvents } from "@crosswalk/db";
import { databaseProxy, openServerDatabase, type TestDatabase } from "@crosswalk/db/testing";
import { silentLogger } from "@crosswalk/log/testing";
import {
  clerkEvent,
  events,
  newSigningSecret,
  type SignedDelivery,
  signEvent,
  type UserState,
} from "@crosswalk/webhooks/testing";
import type { Queue, Worker } from "bullmq";
import { eq, inArray, like } from "drizzle-orm";
import type { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createQueuedWebhookHandler,
  createSyncQueue,
  redisClient,
  retryFailedJobs,
  type SyncJob,
  startSyncWorker,
} from "../src/index.ts";
import { queueContents } from "../src/testing.ts";
import { waitFor } from "./support.ts";

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

/** How many of these deliveries webhook_events holds: completed jobs leave nothing in Redis to count. */
async function applied(database: DatabaseHandle, deliveries: SignedDelivery[]): Promise<number> {
  const ids = deliveries.map((delivery) => delivery.headers["svix-id"]);
  let count = 0;
  for (let offset = 0; offset < ids.length; offset += 1_000)
    count += (
      await database.db
        .select({ svixId: webhookEvents.svixId })
        .from(webhookEvents)
        .where(inArray(webhookEvents.svixId, ids.slice(offset, offset + 1_000)))
    ).length;
  return count;
}

async function drained(queue: Queue<SyncJob>): Promise<boolean> {
  const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
  return Object.values(counts).every((count) => count === 0);
}

const failedCount = async (queue: Queue<SyncJob>) =>
  (await queue.getJobCounts("failed")).failed ?? 0;

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

  it("applies a burst of 5,000 events with redeliveries exactly once each, and keeps none of them", async () => {
    const run = randomUUID().slice(0, 8);
    const deliveries = history(run, 1_250);
    const redeliveries = deliveries.filter((_, index) => index % 5 === 0);
    const handler = createQueuedWebhookHandler({ db: database.db, signingSecret: secret, queue });
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
    const outcomes: string[] = [];
    worker.on("completed", (_job, result: { status: string }) => outcomes.push(result.status));
    await waitFor(async () => outcomes.length >= deliveries.length && (await drained(queue)));
    expect(outcomes.filter((status) => status === "duplicate")).toEqual([]);
    expect(await applied(database, deliveries)).toBe(deliveries.length);
    expect(await queue.getJobCounts("completed", "failed")).toEqual({ completed: 0, failed: 0 });
    await expectFinalVersions(database, run, 1_250);
  });

  it("records an event type it does not sync as ignored at once and queues nothing of it", async () => {
    const code = "493027";
    const email = clerkEvent("email.created", {
      object: "email",
      id: `ema_${randomUUID().slice(0, 8)}`,
      to_email_address: "otp.victim@example.com",
      subject: `${code} is your verification code`,
      body: `Your verification code is ${code}`,
      data: { otp_code: code },
      slug: "verification_code",
      status: "queued",
    });
    const delivery = signEvent(secret, email);
    const handler = createQueuedWebhookHandler({ db: database.db, signingSecret: secret, queue });
    expect(await handler({ body: delivery.body, headers: { ...delivery.headers } })).toEqual({
      status: 200,
      body: { status: "ignored", type: "email.created" },
    });
    expect(await applied(database, [delivery])).toBe(1);
    expect(await queue.getJob(delivery.headers["svix-id"])).toBeUndefined();
    const contents = await queueContents(connection, name);
    expect(contents).not.toContain(code);
    expect(contents).not.toContain("otp.victim");
  });

  it("holds no user's name or email in Redis while queued, parked or after user.deleted", async () => {
    const user: UserState = {
      id: `user_pd${randomUUID().slice(0, 8)}`,
      email: "zelda.quux@example.com",
      firstName: "Zelda",
      lastName: "Quux",
      username: "zquux",
      imageUrl: null,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
    };
    const handler = createQueuedWebhookHandler({ db: database.db, signingSecret: secret, queue });
    const created = signEvent(secret, events.userCreated(user));
    expect((await handler({ body: created.body, headers: { ...created.headers } })).status).toBe(
      202,
    );
    const personal = [user.email as string, "Zelda", "Quux", "zquux"];
    const queued = await queueContents(connection, name);
    expect(queued).toContain(created.headers["svix-id"]);
    for (const value of personal) expect(queued).not.toContain(value);

    worker = startSyncWorker({
      db: database.db,
      connection,
      signingSecret: secret,
      name,
      log: silentLogger,
    });
    await waitFor(async () => (await applied(database, [created])) === 1 && (await drained(queue)));
    const deleted = signEvent(secret, events.userDeleted(user.id, user.updatedAt + 1));
    await handler({ body: deleted.body, headers: { ...deleted.headers } });
    await waitFor(async () => (await applied(database, [deleted])) === 1 && (await drained(queue)));
    const afterDelete = await queueContents(connection, name);
    for (const value of [...personal, user.id]) expect(afterDelete).not.toContain(value);
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
  const route = (queue: Queue<SyncJob>, signingSecret = secret) =>
    createQueuedWebhookHandler({ db: database.db, signingSecret, queue });
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
  const queueOne = async (queue: Queue<SyncJob>, user: UserState, signingSecret = secret) => {
    const delivery = signEvent(signingSecret, events.userCreated(user));
    expect(
      await route(queue, signingSecret)({ body: delivery.body, headers: { ...delivery.headers } }),
    ).toEqual({ status: 202, body: { status: "queued" } });
    return delivery;
  };
  const parked = async (queue: Queue<SyncJob>) => {
    await waitFor(async () => (await failedCount(queue)) === 1, 60_000);
    const [failed] = await queue.getFailed();
    expect(failed?.failedReason).toMatch(/^unverified/);
    expect(failed?.attemptsMade).toBe(1);
  };

  it.each([
    ["its sealed change", (job: SyncJob) => ({ ...job, sealed: `${job.sealed.slice(0, -4)}AAAA` })],
    ["its type", (job: SyncJob) => ({ ...job, type: "user.deleted" })],
    ["its svix-id", (job: SyncJob) => ({ ...job, svixId: `${job.svixId}x` })],
  ])("parks a job whose %s was altered in Redis, applying nothing", async (_label, alter) => {
    const queue = freshQueue();
    const user = aUser("Honest");
    const delivery = await queueOne(queue, user);
    const job = await queue.getJob(delivery.headers["svix-id"]);
    await job?.updateData(alter(job.data as SyncJob));
    work(queue);
    await parked(queue);
    expect(await userRows(user.id)).toEqual([]);
  });

  it("parks a job written into Redis without a seal", async () => {
    const queue = freshQueue();
    await queue.add("user.deleted", {
      svixId: "msg_planted",
      type: "user.deleted",
      queuedAt: Date.now(),
    } as unknown as SyncJob);
    work(queue);
    await parked(queue);
  });

  it("applies Svix's redelivery of an event whose job was altered in Redis, in place of the altered job", async () => {
    const queue = freshQueue();
    const user = aUser("Genuine");
    const svixId = `msg_altered_${randomUUID()}`;
    const deliver = () => {
      const delivery = signEvent(secret, events.userCreated(user), { svixId });
      return route(queue)({ body: delivery.body, headers: { ...delivery.headers } });
    };
    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    const job = await queue.getJob(svixId);
    await job?.updateData({ ...(job.data as SyncJob), sealed: "forged" });
    work(queue);
    await parked(queue);
    expect(await userRows(user.id)).toEqual([]);

    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    await waitFor(async () => (await userRows(user.id)).length === 1, 60_000);
    expect(await userRows(user.id)).toMatchObject([{ firstName: "Genuine" }]);
  });

  it("after a secret rotation, applies the jobs queued under the previous secret, which the worker still accepts", async () => {
    const queue = freshQueue();
    const previous = newSigningSecret();
    const queuedBefore = aUser("Rotated");
    await queueOne(queue, queuedBefore, previous);
    work(queue, database.db, { signingSecret: secret, previousSigningSecret: previous });
    await waitFor(async () => (await userRows(queuedBefore.id)).length === 1, 60_000);
    expect(await userRows(queuedBefore.id)).toMatchObject([{ firstName: "Rotated" }]);
  });

  it("parks the jobs of a secret the worker was not given, and applies them once it is", async () => {
    const queue = freshQueue();
    const dropped = newSigningSecret();
    const user = aUser("Forgotten");
    await queueOne(queue, user, dropped);
    const wrong = work(queue);
    await parked(queue);
    expect(await userRows(user.id)).toEqual([]);
    await wrong.close();

    // What `pnpm worker` does at start, now with the secret back as the previous one.
    work(queue, database.db, { previousSigningSecret: dropped });
    expect(await retryFailedJobs(queue, "parked")).toBe(1);
    await waitFor(async () => (await userRows(user.id)).length === 1, 60_000);
    expect(await userRows(user.id)).toMatchObject([{ firstName: "Forgotten" }]);
    expect(await failedCount(queue)).toBe(0);
  });

  it("applies an event whose job ran out of retries while the database was away, on Svix's redelivery or on --retry-failed", async () => {
    const proxy = await databaseProxy(database.url as string);
    cleanups.push(async () => {
      if (proxy.listening()) await proxy.close();
    });
    const workerDatabase = createDatabase({ url: proxy.url, maxConnections: 2 });
    cleanups.push(() => workerDatabase.close());
    const queue = freshQueue();
    const redelivered = aUser("Outlasted");
    const retried = aUser("Retried");
    const svixId = `msg_outage_${randomUUID()}`;
    const deliver = () => {
      const delivery = signEvent(secret, events.userCreated(redelivered), { svixId });
      return route(queue)({ body: delivery.body, headers: { ...delivery.headers } });
    };

    await proxy.cut();
    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    await queueOne(queue, retried);
    // A second of retries stands in for the day and a half the default horizon covers.
    const worker = work(queue, workerDatabase.db, { retryHorizonMs: 1_000 });
    await waitFor(async () => (await failedCount(queue)) === 2, 60_000);
    for (const job of await queue.getFailed()) {
      expect(job.failedReason).toContain("processing_failed");
      // One stack trace kept, not one per attempt over the day and a half.
      expect(job.attemptsMade).toBeGreaterThan(1);
      expect(job.stacktrace).toHaveLength(1);
    }
    expect(await userRows(redelivered.id)).toEqual([]);

    await proxy.restore();
    // Svix's next attempt: the same svix-id, signed anew. BullMQ alone would drop it as a known job id.
    expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
    await waitFor(async () => (await userRows(redelivered.id)).length === 1, 60_000);
    expect(await userRows(redelivered.id)).toMatchObject([{ firstName: "Outlasted" }]);
    expect(await failedCount(queue)).toBe(1);

    // The other one Svix will not send again: the operator's retry, with a fresh horizon.
    await worker.close();
    work(queue, workerDatabase.db, { retryHorizonMs: 1_000 });
    expect(await retryFailedJobs(queue)).toBe(1);
    await waitFor(async () => (await userRows(retried.id)).length === 1, 60_000);
    expect(await failedCount(queue)).toBe(0);
  });
});

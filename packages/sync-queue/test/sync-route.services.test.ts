import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { type DatabaseHandle, users } from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { recordingLogger, silentLogger } from "@crosswalk/log/testing";
import { events, newSigningSecret, signEvent } from "@crosswalk/webhooks/testing";
import { Queue } from "bullmq";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSyncRouteHandler,
  lazySyncRouteHandler,
  redisClient,
  type SyncJob,
} from "../src/index.ts";

const secret = newSigningSecret();
const aUser = () => ({
  id: `user_route${randomUUID().slice(0, 8)}`,
  email: "route@example.com",
  firstName: "Route",
  lastName: null,
  username: null,
  imageUrl: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

describe("createSyncRouteHandler", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    const [embedded] = testDatabaseTargets(undefined);
    database = await embedded!.open();
  });
  afterAll(() => database.close());

  it("applies the event in the request when no queue is configured", async () => {
    const handler = createSyncRouteHandler({
      db: database.db,
      signingSecret: secret,
      queue: undefined,
    });
    const user = aUser();
    const delivery = signEvent(secret, events.userCreated(user));
    expect(await handler({ body: delivery.body, headers: delivery.headers })).toEqual({
      status: 200,
      body: { status: "processed", type: "user.created" },
    });
    expect(await database.db.select().from(users).where(eq(users.clerkId, user.id))).toHaveLength(
      1,
    );
    await handler.close();
  });

  it("answers 500 processing_failed while Redis is down, and logs neither the URL nor its password", async () => {
    const log = recordingLogger();
    const handler = createSyncRouteHandler({
      db: database.db,
      signingSecret: secret,
      queue: { redisUrl: `redis://default:hunter2@127.0.0.1:${await closedPort()}` },
      log,
    });
    const delivery = signEvent(secret, events.userCreated(aUser()));
    expect(await handler({ body: delivery.body, headers: delivery.headers })).toEqual({
      status: 500,
      body: { error: "processing_failed" },
    });
    await handler.close();
    expect(log.lines.map((line) => line.message)).toContain(
      "enqueueing a webhook failed; Svix retries it",
    );
    expect(JSON.stringify(log.lines)).not.toMatch(/hunter2|redis:\/\//);
  });

  it("still refuses a bad signature before anything reaches Redis", async () => {
    const handler = createSyncRouteHandler({
      db: database.db,
      signingSecret: secret,
      queue: { redisUrl: `redis://127.0.0.1:${await closedPort()}` },
      log: silentLogger,
    });
    const delivery = signEvent(newSigningSecret(), events.userCreated(aUser()));
    expect(await handler({ body: delivery.body, headers: delivery.headers })).toEqual({
      status: 400,
      body: { error: "invalid_signature" },
    });
    await handler.close();
  });
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.skipIf(!redisUrl)("createSyncRouteHandler in queue mode", () => {
  const name = `crosswalk-route-${randomUUID()}`;
  const connection = redisUrl ? redisClient(redisUrl) : undefined;
  const queue = connection ? new Queue<SyncJob>(name, { connection }) : undefined;
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    connection?.disconnect();
  });

  it("enqueues the change sealed under its svix-id, once for a redelivery, without touching the database", async () => {
    const [embedded] = testDatabaseTargets(undefined);
    const database = await embedded!.open();
    const handler = createSyncRouteHandler({
      db: database.db,
      signingSecret: secret,
      queue: { redisUrl: redisUrl as string, name },
    });
    const user = aUser();
    const delivery = signEvent(secret, events.userCreated(user));
    const before = Date.now();
    for (let attempt = 0; attempt < 2; attempt++)
      expect(await handler({ body: delivery.body, headers: delivery.headers })).toEqual({
        status: 202,
        body: { status: "queued" },
      });
    await handler.close();

    const svixId = delivery.headers["svix-id"];
    const job = await queue?.getJob(svixId);
    expect(job?.data).toEqual({
      svixId,
      type: "user.created",
      sealed: expect.any(String),
      queuedAt: expect.any(Number),
    });
    expect(job?.data.queuedAt).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(job?.data)).not.toContain("route@example.com");
    expect(JSON.stringify(job?.data)).not.toContain("Route");
    expect(await queue?.getJobCounts("waiting")).toEqual({ waiting: 1 });
    expect(await database.db.select().from(users).where(eq(users.clerkId, user.id))).toEqual([]);
    await database.close();
  });
});

describe("lazySyncRouteHandler", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    const [embedded] = testDatabaseTargets(undefined);
    database = await embedded!.open();
  });
  afterAll(() => database.close());

  it("builds one handler per process, whichever reloaded or bundled copy of the module asks", async () => {
    // A dev server runs the route module again after a change; Next.js bundles each route with its own copy.
    const copy: typeof import("../src/lazy-route.ts") = await import(
      new URL("../src/lazy-route.ts?reloaded", import.meta.url).href
    );
    const options = async () => ({ db: database.db, signingSecret: secret, queue: undefined });
    const first = await lazySyncRouteHandler(options)();
    expect(await copy.lazySyncRouteHandler(options)()).toBe(first);
    expect(await lazySyncRouteHandler(options)()).toBe(first);
    const otherSecret = await lazySyncRouteHandler(async () => ({
      ...(await options()),
      signingSecret: newSigningSecret(),
    }))();
    expect(otherSecret).not.toBe(first);
    await first.close();
    expect(await lazySyncRouteHandler(options)()).not.toBe(first);
  });

  it("keeps no failure: a delivery that came before the database tries again", async () => {
    let databaseUp = false;
    const handler = lazySyncRouteHandler(async () => {
      if (!databaseUp) throw new Error("ECONNREFUSED");
      return { db: database.db, signingSecret: secret, queue: undefined };
    });
    await expect(handler()).rejects.toThrow("ECONNREFUSED");
    databaseUp = true;
    const user = aUser();
    const delivery = signEvent(secret, events.userCreated(user));
    expect(await (await handler())({ body: delivery.body, headers: delivery.headers })).toEqual({
      status: 200,
      body: { status: "processed", type: "user.created" },
    });
  });

  it.skipIf(!redisUrl)(
    "opens one Redis connection in queue mode however often the route module is reloaded",
    async () => {
      const name = `crosswalk-reload-${randomUUID()}`;
      const connectionName = `sync-route:${name}`;
      const admin = redisClient(redisUrl as string);
      const named = async () =>
        String(await admin.call("CLIENT", "LIST"))
          .split("\n")
          .filter((line) => line.includes(` name=${connectionName} `)).length;
      try {
        const handlers = [];
        for (let reload = 0; reload < 10; reload++) {
          const module: typeof import("../src/lazy-route.ts") = await import(
            new URL(`../src/lazy-route.ts?reload=${reload}`, import.meta.url).href
          );
          const handler = await module.lazySyncRouteHandler(async () => ({
            db: database.db,
            signingSecret: secret,
            queue: { redisUrl: redisUrl as string, name },
          }))();
          const delivery = signEvent(secret, events.userCreated(aUser()));
          expect((await handler({ body: delivery.body, headers: delivery.headers })).status).toBe(
            202,
          );
          handlers.push(handler);
        }
        expect(new Set(handlers).size).toBe(1);
        expect(await named()).toBe(1);
        await handlers[0]?.close();
        await expect.poll(named).toBe(0);
      } finally {
        await new Queue(name, { connection: admin }).obliterate({ force: true });
        admin.disconnect();
      }
    },
  );
});

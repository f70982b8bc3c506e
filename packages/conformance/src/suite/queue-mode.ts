import { randomUUID } from "node:crypto";
import { type ClerkEmulator, startClerkEmulator } from "@crosswalk/clerk-emulator";
import { users, webhookEvents } from "@crosswalk/db";
import { databaseProxy } from "@crosswalk/db/testing";
import { createSyncQueue, redisClient } from "@crosswalk/sync-queue";
import { queueContents } from "@crosswalk/sync-queue/testing";
import {
  clerkEvent,
  events,
  newSigningSecret,
  signEvent,
  signPayload,
  signWithEach,
} from "@crosswalk/webhooks/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningApp,
  type RunningProcess,
  startApp,
  startWorker,
} from "../harness/app-process.ts";
import type { Harness } from "../harness/context.ts";
import { type AppDatabase, createAppDatabase } from "../harness/database.ts";
import { eventually } from "../harness/eventually.ts";
import { aWebhookUser } from "../harness/webhook-user.ts";
import { deliverDuplicatedAndReversed } from "./reordered-deliveries.ts";
import { expectGracefulExit } from "./shutdown.ts";

const redisUrl = process.env.TEST_REDIS_URL;
const serverUrl = process.env.TEST_DATABASE_URL;

interface QueueModeRun {
  emulator: ClerkEmulator;
  database: AppDatabase;
  app: RunningApp;
  worker: RunningProcess;
  /** The queue the app fills and the worker drains, through a Redis connection of the suite's own. */
  queue: ReturnType<typeof createSyncQueue>;
  post(body: string, headers: Record<string, string>): Promise<Response>;
  /** Every key and value Redis holds for the queue, as text. */
  redisContents(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The app and `pnpm worker` on a queue of their own, sharing a fresh database. `databaseUrl` routes both
 * through something in between (a proxy the test cuts); `env` adds to what they are started with.
 */
async function startQueueMode(
  harness: Harness,
  options: { databaseUrl?: (url: string) => Promise<string>; env?: Record<string, string> } = {},
): Promise<QueueModeRun> {
  const queueName = `crosswalk-conformance-${randomUUID()}`;
  const emulator = await startClerkEmulator();
  const database = await createAppDatabase(serverUrl);
  const databaseUrl = database.env.DATABASE_URL as string;
  const env = {
    ...emulator.env,
    DATABASE_URL: options.databaseUrl ? await options.databaseUrl(databaseUrl) : databaseUrl,
    REDIS_URL: redisUrl as string,
    SYNC_QUEUE_NAME: queueName,
    ...options.env,
  };
  let app: RunningApp | undefined;
  let worker: RunningProcess;
  try {
    app = await startApp(harness.config, env);
    worker = await startWorker(env);
  } catch (error) {
    // afterAll sees no run to stop, so what was started is let go here.
    await app?.stop();
    await emulator.close();
    await database.drop();
    throw error;
  }
  emulator.webhooks.url = `${app.url}/api/webhooks/clerk`;
  const connection = redisClient(redisUrl as string);
  const queue = createSyncQueue(connection, queueName);
  return {
    emulator,
    database,
    app,
    worker,
    queue,
    post: (body, headers) =>
      fetch(`${app.url}/api/webhooks/clerk`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body,
      }),
    redisContents: () => queueContents(connection, queueName),
    async stop() {
      await app.stop();
      await worker.stop();
      await emulator.close();
      await database.drop();
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    },
  };
}

export function queueModeSuite(harness: Harness) {
  // Queue mode needs Redis and a database server that the app and the worker share.
  describe.skipIf(!redisUrl || !serverUrl)("in queue mode (REDIS_URL, with `pnpm worker`)", () => {
    let run: QueueModeRun;
    beforeAll(async () => {
      run = await startQueueMode(harness);
    });
    afterAll(() => run?.stop());

    it("answers 202 queued, and the worker applies the event", async () => {
      const user = aWebhookUser("Queued");
      const delivery = signEvent(run.emulator.webhookSecret, events.userCreated(user));
      const response = await run.post(delivery.body, delivery.headers);
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ status: "queued" });
      await eventually(() =>
        run.database.check(async (db) => {
          expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
            { firstName: "Queued" },
          ]);
        }),
      );
    });

    it("records an event type it does not sync as ignored at once, queueing nothing of its body", async () => {
      const code = "730164";
      const delivery = signEvent(
        run.emulator.webhookSecret,
        clerkEvent("email.created", {
          object: "email",
          id: `ema_${randomUUID().slice(0, 8)}`,
          to_email_address: "queued.otp@example.com",
          body: `Your verification code is ${code}`,
          data: { otp_code: code },
        }),
      );
      const response = await run.post(delivery.body, delivery.headers);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ignored", type: "email.created" });
      await run.database.check(async (db) => {
        expect(
          await db
            .select()
            .from(webhookEvents)
            .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
        ).toMatchObject([{ type: "email.created", status: "ignored" }]);
      });
      const stored = await run.redisContents();
      expect(stored).not.toContain(code);
      expect(stored).not.toContain("queued.otp@example.com");
    });

    it("answers a signed event it cannot apply 400 with Svix's abort header, recorded, in queue mode too", async () => {
      const delivery = signPayload(run.emulator.webhookSecret, '{"hello":"world"}');
      const response = await run.post(delivery.body, delivery.headers);
      expect(response.status).toBe(400);
      expect(response.headers.get("webhook-delivery")).toBe("abort-message");
      await run.database.check(async (db) => {
        expect(
          await db
            .select()
            .from(webhookEvents)
            .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
        ).toMatchObject([{ status: "invalid" }]);
      });
    });

    it("refuses a tampered delivery with invalid_signature instead of queueing it", async () => {
      const user = aWebhookUser("Honest");
      const delivery = signEvent(run.emulator.webhookSecret, events.userCreated(user));
      const response = await run.post(delivery.body.replace("Honest", "Forged"), delivery.headers);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_signature" });
    });

    it("keeps the database in step with Clerk through real deliveries, duplicated and reordered", async () => {
      const delivered = await deliverDuplicatedAndReversed(run.emulator);
      expect(delivered.statuses).toEqual(Array(8).fill(202));
      await eventually(() => run.database.check(delivered.expectConverged));
      expect(run.worker.output()).not.toContain("failed");
    });

    it("exits within 5 s of SIGTERM, closing its Redis connection and database first", () =>
      expectGracefulExit(run.app));
  });

  describe.skipIf(!redisUrl || !serverUrl)("in queue mode, through a database outage", () => {
    let run: QueueModeRun;
    let proxy: Awaited<ReturnType<typeof databaseProxy>>;
    beforeAll(async () => {
      run = await startQueueMode(harness, {
        databaseUrl: async (url) => {
          proxy = await databaseProxy(url);
          return proxy.url;
        },
        // A retry budget of a second stands in for the day and a half the default covers.
        env: { SYNC_RETRY_SECONDS: "1" },
      });
    });
    afterAll(async () => {
      if (proxy?.listening()) await proxy.close();
      await run?.stop();
    });

    it("applies an event accepted while the database was away, once Svix redelivers it after the worker's retries ran out", async () => {
      const user = aWebhookUser("Outlasted");
      const svixId = `msg_outage_${randomUUID()}`;
      const deliver = async () => {
        const delivery = signEvent(run.emulator.webhookSecret, events.userCreated(user), {
          svixId,
        });
        const response = await run.post(delivery.body, delivery.headers);
        return { status: response.status, body: await response.json() };
      };

      await proxy.cut();
      // The route only enqueues, so the outage does not reach Svix: it hears 202 and stops retrying.
      expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
      await eventually(async () => {
        expect(await run.queue.getJobCounts("failed")).toEqual({ failed: 1 });
      });
      const [failed] = await run.queue.getFailed();
      expect(failed?.failedReason).toContain("processing_failed");
      expect(failed?.attemptsMade).toBeGreaterThan(1);
      await run.database.check(async (db) => {
        expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toEqual([]);
      });

      await proxy.restore();
      // Svix's next attempt: the same svix-id, signed anew. BullMQ alone would drop it as a known job id.
      expect(await deliver()).toEqual({ status: 202, body: { status: "queued" } });
      await eventually(() =>
        run.database.check(async (db) => {
          expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
            { firstName: "Outlasted" },
          ]);
        }),
      );
      // Applied, so removed: Redis keeps nothing of it, failed or completed.
      await eventually(async () =>
        expect(await run.queue.getJobCounts("failed", "completed")).toEqual({
          failed: 0,
          completed: 0,
        }),
      );
      expect((await fetch(`${run.app.url}/api/health`)).status).toBe(200);
    });
  });

  describe.skipIf(!redisUrl || !serverUrl)(
    "in queue mode, across a signing-secret rotation",
    () => {
      it("applies what was queued under the old secret once app and worker restart on the new one with the old as previous", {
        timeout: 180_000,
      }, async () => {
        const emulator = await startClerkEmulator();
        const database = await createAppDatabase(serverUrl);
        const connection = redisClient(redisUrl as string);
        const queue = createSyncQueue(connection, `crosswalk-conformance-${randomUUID()}`);
        const oldSecret = emulator.webhookSecret;
        const newSecret = newSigningSecret();
        const before = {
          ...emulator.env,
          ...database.env,
          REDIS_URL: redisUrl as string,
          SYNC_QUEUE_NAME: queue.name,
        };
        const after = {
          ...before,
          CLERK_WEBHOOK_SIGNING_SECRET: newSecret,
          CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: oldSecret,
        };
        const started: { stop(): Promise<unknown> }[] = [];
        const post = (url: string, delivery: { body: string; headers: Record<string, string> }) =>
          fetch(`${url}/api/webhooks/clerk`, {
            method: "POST",
            headers: { ...delivery.headers, "content-type": "application/json" },
            body: delivery.body,
          }).then((response) => response.status);
        try {
          // Queued under the old secret while no worker runs: these wait in Redis through the rotation.
          const app = await startApp(harness.config, before);
          started.push(app);
          const queuedBefore = [aWebhookUser("Queued before 1"), aWebhookUser("Queued before 2")];
          for (const user of queuedBefore)
            expect(await post(app.url, signEvent(oldSecret, events.userCreated(user)))).toBe(202);
          await app.stop();

          const rotatedApp = await startApp(harness.config, after);
          started.push(rotatedApp, await startWorker(after));
          // During the rotation Svix signs with both secrets side by side; afterwards with the new one.
          const sideBySide = aWebhookUser("Signed with both");
          const signedNew = aWebhookUser("Signed with the new");
          const bothBody = JSON.stringify(events.userCreated(sideBySide));
          expect(await post(rotatedApp.url, signWithEach([oldSecret, newSecret], bothBody))).toBe(
            202,
          );
          expect(
            await post(rotatedApp.url, signEvent(newSecret, events.userCreated(signedNew))),
          ).toBe(202);
          expect(
            await post(
              rotatedApp.url,
              signEvent(newSigningSecret(), events.userCreated(aWebhookUser("Forged"))),
            ),
          ).toBe(400);

          await eventually(() =>
            database.check(async (db) => {
              for (const user of [...queuedBefore, sideBySide, signedNew])
                expect(
                  await db.select().from(users).where(eq(users.clerkId, user.id)),
                ).toMatchObject([{ firstName: user.firstName }]);
            }),
          );
          expect(await queue.getJobCounts("failed")).toEqual({ failed: 0 });
        } finally {
          for (const process of started.reverse()) await process.stop();
          await queue.obliterate({ force: true });
          await queue.close();
          await emulator.close();
          await database.drop();
        }
      });
    },
  );
}

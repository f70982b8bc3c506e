import { randomUUID } from "node:crypto";
import { type ClerkEmulator, startClerkEmulator } from "@crosswalk/clerk-emulator";
import { users } from "@crosswalk/db";
import { createSyncQueue, redisClient } from "@crosswalk/sync-queue";
import { events, signEvent } from "@crosswalk/webhooks/testing";
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
import { deliverDuplicatedAndReversed } from "./reordered-deliveries.ts";
import { expectGracefulExit } from "./shutdown.ts";

const redisUrl = process.env.TEST_REDIS_URL;
const serverUrl = process.env.TEST_DATABASE_URL;

/** Polls a row check until it passes: the worker applies what the route queued a moment later. */
async function eventually(check: () => Promise<void>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// Not created through the emulator, whose own deliveries of it would race the ones these checks send.
const aUser = (firstName: string) => ({
  id: `user_2conformanceQueue${randomUUID().replaceAll("-", "")}`,
  email: "queued@example.com",
  firstName,
  lastName: null,
  username: null,
  imageUrl: null,
  createdAt: 1_750_000_000_000,
  updatedAt: 1_750_000_000_000,
});

export function queueModeSuite(harness: Harness) {
  // Queue mode needs Redis and a database server that the app and the worker share.
  describe.skipIf(!redisUrl || !serverUrl)("in queue mode (REDIS_URL, with `pnpm worker`)", () => {
    const queueName = `crosswalk-conformance-${randomUUID()}`;
    let emulator: ClerkEmulator;
    let database: AppDatabase;
    let app: RunningApp;
    let worker: RunningProcess;

    beforeAll(async () => {
      emulator = await startClerkEmulator();
      database = await createAppDatabase(serverUrl);
      const env = {
        ...emulator.env,
        ...database.env,
        REDIS_URL: redisUrl as string,
        SYNC_QUEUE_NAME: queueName,
      };
      app = await startApp(harness.config.dir, env);
      worker = await startWorker(env);
      emulator.webhooks.url = `${app.url}/api/webhooks/clerk`;
    });
    afterAll(async () => {
      await app?.stop();
      await worker?.stop();
      await emulator?.close();
      await database?.drop();
      const connection = redisClient(redisUrl as string);
      const queue = createSyncQueue(connection, queueName);
      await queue.obliterate({ force: true });
      await queue.close();
      connection.disconnect();
    });

    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${app.url}/api/webhooks/clerk`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body,
      });

    it("answers 202 queued, and the worker applies the event", async () => {
      const user = aUser("Queued");
      const delivery = signEvent(emulator.webhookSecret, events.userCreated(user));
      const response = await post(delivery.body, delivery.headers);
      expect(response.status).toBe(202);
      expect(await response.json()).toEqual({ status: "queued" });
      await eventually(() =>
        database.check(async (db) => {
          expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
            { firstName: "Queued" },
          ]);
        }),
      );
    });

    it("refuses a tampered delivery with invalid_signature instead of queueing it", async () => {
      const user = aUser("Honest");
      const delivery = signEvent(emulator.webhookSecret, events.userCreated(user));
      const response = await post(delivery.body.replace("Honest", "Forged"), delivery.headers);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_signature" });
    });

    it("keeps the database in step with Clerk through real deliveries, duplicated and reordered", async () => {
      const delivered = await deliverDuplicatedAndReversed(emulator);
      expect(delivered.statuses).toEqual(Array(8).fill(202));
      await eventually(() => database.check(delivered.expectConverged));
      expect(worker.output()).not.toContain("failed");
    });

    it("exits within 5 s of SIGTERM, closing its Redis connection and database first", () =>
      expectGracefulExit(app));
  });
}

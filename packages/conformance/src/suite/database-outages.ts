import { randomUUID } from "node:crypto";
import { type ClerkEmulator, cookieHeader, startClerkEmulator } from "@crosswalk/clerk-emulator";
import { users } from "@crosswalk/db";
import { databaseProxy } from "@crosswalk/db/testing";
import { events, signEvent } from "@crosswalk/webhooks/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RunningApp,
  type RunningProcess,
  startApp,
  startWorker,
  workerReady,
} from "../harness/app-process.ts";
import type { Harness } from "../harness/context.ts";
import { type AppDatabase, createAppDatabase } from "../harness/database.ts";
import { eventually } from "../harness/eventually.ts";
import { aWebhookUser } from "../harness/webhook-user.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

/** How long an outage lasts in these checks; the contract bounds a request that meets one at 5 s. */
const outageMs = 10_000;

export interface Delivery {
  status: number;
  body: unknown;
  ms: number;
}

/** Delivers one event as Svix does each attempt: the same svix-id, signed anew. */
export function redeliverer(emulator: ClerkEmulator, url: string, firstName: string) {
  const user = aWebhookUser(firstName);
  const svixId = `msg_outage_${randomUUID()}`;
  return {
    user,
    async deliver(): Promise<Delivery> {
      const started = Date.now();
      const delivery = signEvent(emulator.webhookSecret, events.userCreated(user), { svixId });
      const response = await fetch(url, {
        method: "POST",
        headers: { ...delivery.headers, "content-type": "application/json" },
        body: delivery.body,
      });
      return { status: response.status, body: await response.json(), ms: Date.now() - started };
    },
  };
}

/** Redelivers until an attempt is answered other than 5xx, as Svix would, and returns that answer. */
export async function untilAccepted(deliver: () => Promise<Delivery>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const attempt = await deliver();
    if (attempt.status < 500 || Date.now() > deadline) return attempt;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function databaseOutagesSuite(harness: Harness) {
  // A database server that is late or goes away; PGlite lives in the app's own process.
  describe.skipIf(!serverUrl)("through database outages", () => {
    let emulator: ClerkEmulator;
    let database: AppDatabase;
    let proxy: Awaited<ReturnType<typeof databaseProxy>>;
    let app: RunningApp;
    const sync = () => `${app.url}/api/webhooks/clerk`;
    const signedInCookie = async (origin: string) => {
      const user = emulator.state.createUser({ firstName: "Outage" });
      return cookieHeader(
        emulator.cookies(await emulator.mint({ authorizedParty: origin, userId: user.id })),
      );
    };

    beforeAll(async () => {
      emulator = await startClerkEmulator();
      database = await createAppDatabase(serverUrl);
      proxy = await databaseProxy(database.env.DATABASE_URL as string);
      // Containers start in any order: the app comes up before its database does.
      await proxy.cut();
      app = await startApp(
        harness.config,
        { ...emulator.env, DATABASE_URL: proxy.url },
        // Up means answering at all: /api/health reads the database, which is not there yet.
        { ready: (status) => status > 0 },
      );
    });
    afterAll(async () => {
      await app?.stop();
      if (proxy?.listening()) await proxy.close();
      await emulator?.close();
      await database?.drop();
    });

    it("started before its database, answers a retryable 5xx, then applies the redelivery within seconds of the database appearing", {
      timeout: 60_000,
    }, async () => {
      const { user, deliver } = redeliverer(emulator, sync(), "Late");
      const early = await deliver();
      expect(early.status).toBeGreaterThanOrEqual(500);
      expect(early.ms).toBeLessThan(6_000);

      await proxy.restore();
      const restored = Date.now();
      const applied = await untilAccepted(deliver, 15_000);
      expect(applied).toMatchObject({ status: 200, body: { status: "processed" } });
      const recoveryMs = Date.now() - restored;
      console.info(
        `[${harness.config.framework}] late database: the first delivery applied ${recoveryMs} ms after it appeared`,
      );
      expect(recoveryMs).toBeLessThan(10_000);
      expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
      await database.check(async (db) => {
        expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
          { firstName: "Late" },
        ]);
      });
    });

    it(`a database cut for ${outageMs / 1000} s under the running app: retryable 5xx within 5 s each, the error page for a page, and the redelivery afterwards applies once`, {
      timeout: 60_000,
    }, async () => {
      // Up and serving first, whether or not the late start ran before this.
      if (!proxy.listening()) await proxy.restore();
      const before = redeliverer(emulator, sync(), "Before the cut");
      expect(await untilAccepted(before.deliver, 15_000)).toMatchObject({ status: 200 });
      const { user, deliver } = redeliverer(emulator, sync(), "Cut");
      await proxy.cut();
      const cutAt = Date.now();
      const during: Delivery[] = [];
      while (Date.now() - cutAt < outageMs) during.push(await deliver());
      expect(
        during.filter((attempt) => attempt.status < 500 || attempt.ms >= 6_000),
        `every attempt during the cut: ${JSON.stringify(during)}\n${app.output().slice(-2000)}`,
      ).toEqual([]);

      // An orchestrator's health check sees the outage, within its own timeout, and not a cached "ok".
      const healthStarted = Date.now();
      const health = await fetch(`${app.url}/api/health`);
      expect({
        status: health.status,
        body: await health.json(),
        withinSeconds: Date.now() - healthStarted < 6_000,
      }).toEqual({
        status: 503,
        body: { ok: false, database: "unavailable" },
        withinSeconds: true,
      });

      if (harness.config.pages) {
        // A page that needs the database gets the shared error page, with the cause left in the log.
        const dashboard = await fetch(`${app.url}/dashboard`, {
          headers: { accept: "text/html", cookie: await signedInCookie(app.url) },
          redirect: "manual",
        });
        const page = await dashboard.text();
        expect(dashboard.status).toBe(500);
        // Next's App Router sends an error shell and renders error.tsx in the browser; the others render it.
        if (harness.config.framework !== "nextjs") expect(page).toContain("Something went wrong");
        expect(page).not.toMatch(
          /ECONNREFUSED|ECONNRESET|CONNECT_TIMEOUT|\bat \S+ \(|127\.0\.0\.1:/,
        );
      }

      await proxy.restore();
      const applied = await untilAccepted(deliver, 15_000);
      expect(applied).toMatchObject({ status: 200, body: { status: "processed" } });
      expect(await deliver()).toMatchObject({ status: 200, body: { status: "duplicate" } });
      await database.check(async (db) => {
        expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
          { firstName: "Cut" },
        ]);
      });
    });

    it("logs the failures by their code, never the database's address", () => {
      const address = new URL(proxy.url);
      expect(app.output()).toContain("database unavailable");
      if (harness.config.pages)
        expect(app.output()).toMatch(
          /\] GET \/dashboard failed: \w+ (ECONNREFUSED|ECONNRESET|CONNECT_TIMEOUT)/,
        );
      expect(app.output()).not.toContain(address.host);
      expect(app.output()).not.toContain(address.pathname.slice(1));
    });
  });

  describe.skipIf(!serverUrl || !redisUrl)("in queue mode, started before its database", () => {
    let emulator: ClerkEmulator;
    let database: AppDatabase;
    let proxy: Awaited<ReturnType<typeof databaseProxy>>;
    let app: RunningApp;
    let worker: RunningProcess;

    beforeAll(async () => {
      emulator = await startClerkEmulator();
      database = await createAppDatabase(serverUrl);
      proxy = await databaseProxy(database.env.DATABASE_URL as string);
      await proxy.cut();
      const env = {
        ...emulator.env,
        DATABASE_URL: proxy.url,
        REDIS_URL: redisUrl as string,
        SYNC_QUEUE_NAME: `crosswalk-conformance-${randomUUID()}`,
      };
      app = await startApp(harness.config, env, { ready: (status) => status > 0 });
      worker = await startWorker(env, { waitUntilReady: false });
    });
    afterAll(async () => {
      await app?.stop();
      await worker?.stop();
      if (proxy?.listening()) await proxy.close();
      await emulator?.close();
      await database?.drop();
    });

    it("the app and the worker wait it out, and the redelivery is queued and applied once it appears", {
      timeout: 120_000,
    }, async () => {
      const { user, deliver } = redeliverer(
        emulator,
        `${app.url}/api/webhooks/clerk`,
        "Queued late",
      );
      expect((await deliver()).status).toBeGreaterThanOrEqual(500);
      // The worker's first line can take a while on a busy machine: node starts, then a 5 s connect timeout.
      expect(await worker.waitForOutput("database unavailable", 30_000)).toContain(
        "database unavailable",
      );
      expect(worker.output()).not.toContain(workerReady);

      await proxy.restore();
      expect(await untilAccepted(deliver, 15_000)).toMatchObject({
        status: 202,
        body: { status: "queued" },
      });
      expect(await worker.waitForOutput(workerReady, 15_000)).toContain(workerReady);
      await eventually(() =>
        database.check(async (db) => {
          expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
            { firstName: "Queued late" },
          ]);
        }),
      );
      expect(worker.output()).not.toContain(new URL(proxy.url).host);
    });
  });
}

import { createClerkClient } from "@clerk/backend";
import { type ClerkEmulator, startClerkEmulator } from "@crosswalk/clerk-emulator";
import { type DatabaseHandle, upsertUsers, users, webhookEvents } from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { createWebhookHandler } from "@crosswalk/webhooks";
import { events, newSigningSecret, signEvent, type UserState } from "@crosswalk/webhooks/testing";
import { count, inArray, notInArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../src/index.ts";

const userCount = 100_000;
/** How far behind Clerk the synced copy is: every row is one a run would write. */
const behindMs = 60_000;

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "a dry run over 100,000 users on $kind",
  (target) => {
    let emulator: ClerkEmulator;
    let database: DatabaseHandle;
    let listed: UserState[];

    beforeAll(async () => {
      emulator = await startClerkEmulator();
      database = await target.open();
      for (let index = 0; index < userCount; index += 1)
        emulator.state.createUser({ firstName: `First${index}`, email: `u${index}@example.com` });
      listed = [...emulator.state.users.values()];
      for (let offset = 0; offset < userCount; offset += 5_000)
        await upsertUsers(
          database.db,
          listed.slice(offset, offset + 5_000).map((user) => ({
            clerkId: user.id,
            email: user.email,
            firstName: "Synced before",
            lastName: user.lastName,
            username: user.username,
            imageUrl: user.imageUrl,
            updatedAt: new Date(user.updatedAt - behindMs),
          })),
        );
    });
    afterAll(async () => {
      await emulator?.close();
      await database?.close();
    });

    /** A digest of the users table but the given rows, to show nothing else changed. */
    const digestExcept = async (clerkIds: string[]) => {
      const [row] = await database.db
        .select({ digest: sql<string>`md5(string_agg(${users}::text, ',' order by clerk_id))` })
        .from(users)
        .where(notInArray(users.clerkId, clerkIds));
      return row?.digest;
    };

    it("counts every row it would write, writing none of them and holding no lock a delivery waits on", async () => {
      const clerk = createClerkClient({
        secretKey: emulator.env.CLERK_SECRET_KEY,
        apiUrl: emulator.apiUrl,
      });
      // The users the deliveries are for: 500 of the first pages, which a write would reach first.
      const pool = Array.from(
        { length: 500 },
        (_, index) => listed[(index * 37) % 5_000] as UserState,
      );
      const before = await digestExcept(pool.map((user) => user.id));
      const secret = newSigningSecret();
      const handler = createWebhookHandler({ db: database.db, signingSecret: secret });
      // A server has a pool, so deliveries run beside the dry run; PGlite runs one query at a time.
      const concurrent = target.kind === "postgres";
      const delivered = new Set<string>();
      const deliveries: Promise<{ status: number; ms: number }>[] = [];
      const deliver = async (user: UserState) => {
        delivered.add(user.id);
        // Newer than the synced copy, older than Clerk's: the dry run's counts do not depend on when it lands.
        const event = events.userUpdated({
          ...user,
          firstName: "Delivered",
          updatedAt: user.updatedAt - behindMs / 2,
        });
        const signed = signEvent(secret, event);
        const started = performance.now();
        const response = await handler({ body: signed.body, headers: { ...signed.headers } });
        return { status: response.status, ms: performance.now() - started };
      };

      let running = true;
      const dryRun = reconcile({ db: database.db, source: clerk, dryRun: true }).finally(() => {
        running = false;
      });
      // A delivery every 50 ms for as long as the dry run lasts.
      for (let index = 0; concurrent && running; index += 1) {
        deliveries.push(deliver(pool[index % pool.length] as UserState));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const summary = await dryRun;
      const answered = await Promise.all(deliveries);

      expect(summary.users).toEqual({
        total: userCount,
        fetched: userCount,
        written: userCount,
        tombstoned: 0,
        confirmedPresent: 0,
      });
      if (concurrent) {
        expect(answered.length).toBeGreaterThan(10);
        expect(answered.filter((answer) => answer.status !== 200)).toEqual([]);
        expect(Math.max(...answered.map((answer) => answer.ms))).toBeLessThan(5_000);
      }
      // Nothing changed but the rows the deliveries wrote, and those hold what they delivered.
      expect(await digestExcept(pool.map((user) => user.id))).toBe(before);
      const rows = await database.db
        .select({ clerkId: users.clerkId, firstName: users.firstName })
        .from(users)
        .where(
          inArray(
            users.clerkId,
            pool.map((user) => user.id),
          ),
        );
      expect(
        rows.filter(
          (row) => row.firstName !== (delivered.has(row.clerkId) ? "Delivered" : "Synced before"),
        ),
      ).toEqual([]);
      const [recorded] = await database.db.select({ events: count() }).from(webhookEvents);
      expect(recorded?.events).toBe(answered.length);
    });
  },
);

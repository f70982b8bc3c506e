import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SyncedUser, sqlState, upsertUser } from "../src/index.ts";
import { openServerDatabase, type TestDatabase } from "../src/testing.ts";

// Another session holding locks needs a server; PGlite has one session.
// (One describe registered either way: vitest fails a file whose suites are all filtered away.)
const serverUrl = process.env.TEST_DATABASE_URL;

const user = (updatedAt: Date): SyncedUser => ({
  clerkId: "user_timeouts_1",
  email: "locked@example.com",
  firstName: "Locked",
  lastName: null,
  username: null,
  imageUrl: null,
  updatedAt,
});

/** How long `run` took in ms, and what it failed with (undefined when it did not). */
async function timed(run: () => Promise<unknown>) {
  const started = performance.now();
  const error = await run().then(
    () => undefined,
    (failure: unknown) => failure,
  );
  return { ms: performance.now() - started, error };
}

describe.skipIf(!serverUrl)("session timeouts on a Postgres server (TEST_DATABASE_URL)", () => {
  let database: TestDatabase;
  let other: postgres.Sql;

  beforeAll(async () => {
    database = await openServerDatabase(serverUrl as string);
    other = postgres(database.url as string, { max: 1, onnotice: () => {} });
    await upsertUser(database.db, user(new Date(1_000)));
  });
  afterAll(async () => {
    await other?.end();
    await database?.close();
  });

  const setting = async (name: string) => {
    const [row] = (await database.db.execute(sql.raw(`show ${name}`))) as unknown as Record<
      string,
      string
    >[];
    return row?.[name];
  };

  it("opens every session with a lock, a statement and an idle-in-transaction timeout", async () => {
    expect(await setting("lock_timeout")).toBe("2s");
    expect(await setting("statement_timeout")).toBe("5s");
    expect(await setting("idle_in_transaction_session_timeout")).toBe("10s");
  });

  it("fails a write blocked by another session's row lock in about 2 s instead of waiting", async () => {
    // Held for 4 s, so a session without the timeout waits it out and succeeds instead of hanging the test.
    const holding = other.begin(async (tx) => {
      await tx`select 1 from users where clerk_id = ${"user_timeouts_1"} for update`;
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { ms, error } = await timed(() => upsertUser(database.db, user(new Date(2_000))));
    await holding;
    expect(sqlState(error)).toBe("55P03");
    expect(ms).toBeGreaterThan(1_500);
    expect(ms).toBeLessThan(3_000);
  });

  it("stops a statement that runs past 5 s", async () => {
    const { ms, error } = await timed(() => database.db.execute(sql`select pg_sleep(8)`));
    expect(sqlState(error)).toBe("57014");
    expect(ms).toBeLessThan(6_500);
  });

  it("waits out another process's migration lock however long it is held, and keeps the timeouts after", async () => {
    let release = () => {};
    const holding = other.reserve().then(async (session) => {
      await session`select pg_advisory_lock(7245301)`;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      await session`select pg_advisory_unlock(7245301)`;
      session.release();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const migrating = timed(() => database.migrate());
    // Past the 2 s lock timeout and the 5 s statement timeout.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    release();
    await holding;
    const { ms, error } = await migrating;
    expect(error).toBeUndefined();
    expect(ms).toBeGreaterThan(5_500);
    expect(await setting("lock_timeout")).toBe("2s");
    expect(await setting("statement_timeout")).toBe("5s");
  });
});

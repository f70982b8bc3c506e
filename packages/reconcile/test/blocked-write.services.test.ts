import { createClerkClient } from "@clerk/backend";
import { type ClerkEmulator, startClerkEmulator } from "@crosswalk/clerk-emulator";
import { upsertUser, users } from "@crosswalk/db";
import { openServerDatabase, type TestDatabase } from "@crosswalk/db/testing";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcile } from "../src/index.ts";

// Another session holding a lock needs a server; PGlite has one session.
const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("a reconcile whose page meets a locked row (TEST_DATABASE_URL)", () => {
  let emulator: ClerkEmulator;
  let database: TestDatabase;
  let other: postgres.Sql;

  beforeAll(async () => {
    emulator = await startClerkEmulator();
    database = await openServerDatabase(serverUrl as string);
    other = postgres(database.url as string, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await other?.end();
    await database?.close();
    await emulator?.close();
  });

  it("writes the page once the other transaction lets go, rather than stopping at the lock timeout", async () => {
    const user = emulator.state.createUser({ firstName: "Current", email: "current@example.com" });
    await upsertUser(database.db, {
      clerkId: user.id,
      email: user.email,
      firstName: "Behind",
      lastName: null,
      username: null,
      imageUrl: null,
      updatedAt: new Date(user.updatedAt - 1_000),
    });
    // A delivery's transaction holding the row for 3 s: longer than the 2 s lock timeout.
    const holding = other.begin(async (tx) => {
      await tx`select 1 from users where clerk_id = ${user.id} for update`;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const summary = await reconcile({
      db: database.db,
      source: createClerkClient({
        secretKey: emulator.env.CLERK_SECRET_KEY,
        apiUrl: emulator.apiUrl,
      }),
    });
    await holding;
    expect(summary.users.written).toBe(1);
    expect(await database.db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
      { firstName: "Current" },
    ]);
  });
});

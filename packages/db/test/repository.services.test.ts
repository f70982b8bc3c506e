import { eq, like, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTask,
  type DatabaseHandle,
  deleteTask,
  findProfile,
  listTasks,
  organizations,
  pruneWebhookEvents,
  tombstoneOrganization,
  tombstoneUser,
  updateProfile,
  upsertUser,
  upsertUserFromBackend,
  upsertUsers,
  userProfiles,
  users,
  webhookEvents,
} from "../src/index.ts";
import { testDatabaseTargets } from "../src/testing.ts";

const backendUser = {
  id: "user_repo_1",
  firstName: "Ada",
  lastName: "Lovelace",
  username: "ada",
  imageUrl: "https://img.clerk.com/ada",
  updatedAt: Date.UTC(2026, 0, 1),
  primaryEmailAddress: { emailAddress: "ada@example.com" },
};

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "repository on $kind",
  (target) => {
    let database: DatabaseHandle;
    beforeAll(async () => {
      database = await target.open();
    });
    afterAll(() => database.close());

    it("applies migrations again without error", async () => {
      await database.migrate();
      expect(await database.db.select().from(users)).toEqual([]);
    });

    it("stores a page of users exactly as given: any text, null, and Clerk's milliseconds", async () => {
      const awkward = [
        'O\'Brien "Bob" \\ back\nslash',
        "Zoë 李 🧑‍💻",
        '{"json": [1, 2]}',
        "' or 1=1 --",
      ];
      const page = awkward.map((firstName, index) => ({
        clerkId: `user_repo_page_${index}`,
        email: index === 0 ? null : `p${index}@example.com`,
        firstName,
        lastName: null,
        username: null,
        imageUrl: null,
        updatedAt: new Date(Date.UTC(2026, 0, 1) + index * 1_001 + 7),
      }));
      expect(await upsertUsers(database.db, page)).toEqual(page.map((user) => user.clerkId));
      const stored = await database.db
        .select()
        .from(users)
        .where(like(users.clerkId, "user_repo_page_%"))
        .orderBy(users.clerkId);
      expect(
        stored.map(({ clerkId, email, firstName, lastName, clerkUpdatedAt, deletedAt }) => ({
          clerkId,
          email,
          firstName,
          lastName,
          updatedAt: clerkUpdatedAt,
          deletedAt,
        })),
      ).toEqual(page.map(({ username, imageUrl, ...user }) => ({ ...user, deletedAt: null })));
      expect(stored.every((row) => row.syncedAt instanceof Date)).toBe(true);
    });

    it("has no profile for a user the database has not synced", async () => {
      expect(await findProfile(database.db, "user_unknown")).toBeNull();
      expect(await updateProfile(database.db, "user_unknown", { bio: "x" })).toBeNull();
      expect(await database.db.select().from(userProfiles)).toEqual([]);
    });

    it("fills a user from the Backend API, then keeps a newer webhook version over an older fetch", async () => {
      expect(await upsertUserFromBackend(database.db, backendUser)).toBe("processed");
      expect(await findProfile(database.db, backendUser.id)).toEqual({
        user: {
          clerkId: backendUser.id,
          email: "ada@example.com",
          firstName: "Ada",
          lastName: "Lovelace",
          imageUrl: "https://img.clerk.com/ada",
        },
        profile: { birthday: null, country: null, bio: null },
      });
      const newer = new Date(backendUser.updatedAt + 1000);
      await upsertUser(database.db, {
        clerkId: backendUser.id,
        email: "ada@new.example.com",
        firstName: "Ada",
        lastName: "King",
        username: "ada",
        imageUrl: null,
        updatedAt: newer,
      });
      expect(await upsertUserFromBackend(database.db, backendUser)).toBe("stale");
      const [row] = await database.db.select().from(users).where(eq(users.clerkId, backendUser.id));
      expect(row?.lastName).toBe("King");
      expect(row?.clerkUpdatedAt).toEqual(newer);
    });

    it("updates only the profile fields given and clears with null", async () => {
      await updateProfile(database.db, backendUser.id, { birthday: "1815-12-10", country: "GB" });
      const updated = await updateProfile(database.db, backendUser.id, {
        bio: "Analyst",
        country: null,
      });
      expect(updated?.profile).toEqual({ birthday: "1815-12-10", country: null, bio: "Analyst" });
      expect((await findProfile(database.db, backendUser.id))?.profile).toEqual(updated?.profile);
    });

    it("removes the profile with the user and never resurrects a deleted user", async () => {
      expect(await tombstoneUser(database.db, backendUser.id, new Date())).toBe("processed");
      expect(await database.db.select().from(userProfiles)).toEqual([]);
      expect(await findProfile(database.db, backendUser.id)).toBeNull();
      expect(
        await upsertUserFromBackend(database.db, { ...backendUser, updatedAt: Date.now() }),
      ).toBe("stale");
      const [tombstone] = await database.db
        .select()
        .from(users)
        .where(eq(users.clerkId, backendUser.id));
      expect(tombstone).toMatchObject({
        email: null,
        firstName: null,
        lastName: null,
        username: null,
      });
      expect(tombstone?.deletedAt).toBeInstanceOf(Date);
    });

    it("scopes tasks to their organization", async () => {
      const mine = await createTask(database.db, {
        organizationId: "org_a",
        title: "Ship",
        createdBy: "user_x",
      });
      const theirs = await createTask(database.db, {
        organizationId: "org_b",
        title: "Other",
        createdBy: "user_y",
      });
      expect(mine).toMatchObject({ title: "Ship", createdBy: "user_x" });
      expect((await listTasks(database.db, "org_a")).map((task) => task.title)).toEqual(["Ship"]);
      expect(await deleteTask(database.db, { organizationId: "org_a", taskId: theirs!.id })).toBe(
        false,
      );
      expect(await deleteTask(database.db, { organizationId: "org_a", taskId: "not-a-uuid" })).toBe(
        false,
      );
      expect(await deleteTask(database.db, { organizationId: "org_a", taskId: mine!.id })).toBe(
        true,
      );
      expect(await listTasks(database.db, "org_a")).toEqual([]);
      expect(await listTasks(database.db, "org_b")).toHaveLength(1);
      const placeholders = await database.db
        .select()
        .from(organizations)
        .where(eq(organizations.clerkId, "org_a"));
      expect(placeholders).toHaveLength(1);
    });

    it("refuses tasks in a deleted organization and removes its tasks", async () => {
      expect(await tombstoneOrganization(database.db, "org_b", new Date())).toBe("processed");
      expect(await listTasks(database.db, "org_b")).toEqual([]);
      expect(
        await createTask(database.db, {
          organizationId: "org_b",
          title: "Late",
          createdBy: "user_y",
        }),
      ).toBeNull();
    });

    it("prunes webhook event ids older than the cut-off, in batches, and keeps the rest", async () => {
      const day = 24 * 3600 * 1000;
      const now = Date.now();
      const rows = Array.from({ length: 25 }, (_, index) => ({
        svixId: `msg_prune_${index}`,
        type: "session.created",
        status: "ignored" as const,
        receivedAt: new Date(now - (index < 20 ? 40 : 5) * day),
      }));
      await database.db.insert(webhookEvents).values(rows);
      expect(await pruneWebhookEvents(database.db, new Date(now - 30 * day), 7)).toBe(20);
      const left = await database.db.select({ svixId: webhookEvents.svixId }).from(webhookEvents);
      expect(left.map((row) => row.svixId).sort()).toEqual(
        ["msg_prune_20", "msg_prune_21", "msg_prune_22", "msg_prune_23", "msg_prune_24"].sort(),
      );
      expect(await pruneWebhookEvents(database.db, new Date(now - 30 * day), 7)).toBe(0);
    });

    it("finds a prune batch by the index on received_at, not by scanning every id", async () => {
      const day = 24 * 3600 * 1000;
      const now = Date.now();
      for (let start = 0; start < 20_000; start += 5_000)
        await database.db.insert(webhookEvents).values(
          Array.from({ length: 5_000 }, (_, index) => ({
            svixId: `msg_plan_${start + index}`,
            type: "user.updated",
            status: "processed" as const,
            receivedAt: new Date(now - ((start + index) % 100 === 0 ? 40 : 1) * day),
          })),
        );
      await database.db.execute(sql`analyze webhook_events`);
      const batch = database.db
        .select({ svixId: webhookEvents.svixId })
        .from(webhookEvents)
        .where(lt(webhookEvents.receivedAt, new Date(now - 30 * day)))
        .limit(10_000);
      const result = await database.db.execute(sql`explain (format json) ${batch}`);
      const plan = JSON.stringify(
        (
          (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
            "QUERY PLAN": unknown;
          }[]
        )[0]?.["QUERY PLAN"],
      );
      expect(plan).toContain('"Index Name":"webhook_events_received_at_idx"');
      expect(plan).not.toContain('"Node Type":"Seq Scan"');
    });
  },
);

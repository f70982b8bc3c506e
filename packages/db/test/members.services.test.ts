import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DatabaseHandle,
  listMembers,
  memberPageQuery,
  type SyncedUser,
  upsertMemberships,
  upsertOrganization,
  upsertUsers,
} from "../src/index.ts";
import { testDatabaseTargets } from "../src/testing.ts";

const at = new Date("2026-01-01T00:00:00Z");
const organizationId = "org_members_test";
const user = (clerkId: string, names: Partial<SyncedUser>, updatedAt = at): SyncedUser => ({
  clerkId,
  email: `${clerkId}@example.com`,
  firstName: null,
  lastName: null,
  username: null,
  imageUrl: null,
  updatedAt,
  ...names,
});
const membership = (userId: string) => ({
  clerkId: `orgmem_${userId}`,
  organizationId,
  userId,
  role: "org:member",
  updatedAt: at,
});

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "the member list on $kind",
  (target) => {
    let database: DatabaseHandle;
    beforeAll(async () => {
      database = await target.open();
      await upsertOrganization(database.db, {
        clerkId: organizationId,
        name: "Members",
        slug: "members",
        imageUrl: null,
        updatedAt: at,
      });
    });
    afterAll(() => database.close());

    const names = async () =>
      (await listMembers(database.db, organizationId, { limit: 100 })).map(
        (member) => member.name ?? `(${member.state})`,
      );

    it("orders members by the name Clerk shows, in any case, then those without one (not yet synced, or nameless) by id", async () => {
      const { db } = database;
      // A membership before its user leaves a placeholder, which sorts with the unnamed until the user arrives.
      await upsertMemberships(db, [membership("user_m_early")]);
      await upsertUsers(db, [
        user("user_m_zed", { firstName: "zed" }),
        user("user_m_amy", { firstName: "Amy", lastName: "Zimmer" }),
        user("user_m_bob", { username: "Bob" }),
        user("user_m_none", {}),
      ]);
      await upsertMemberships(
        db,
        ["user_m_zed", "user_m_amy", "user_m_bob", "user_m_none"].map(membership),
      );
      expect(await names()).toEqual(["Amy Zimmer", "Bob", "zed", "(unsynced)", "(synced)"]);
      await upsertUsers(db, [user("user_m_early", { firstName: "Carl" })]);
      await upsertUsers(db, [
        user("user_m_zed", { firstName: "Aaron" }, new Date(at.getTime() + 1)),
      ]);
      expect(await names()).toEqual(["Aaron", "Amy Zimmer", "Bob", "Carl", "(synced)"]);
    });

    it("reads a page deep in a large organization from the member-order index", async () => {
      const { db } = database;
      const ids = Array.from(
        { length: 5_000 },
        (_, i) => `user_m_bulk_${String(i).padStart(5, "0")}`,
      );
      for (let start = 0; start < ids.length; start += 1_000) {
        const batch = ids.slice(start, start + 1_000);
        await db.transaction(async (tx) => {
          await upsertUsers(
            tx,
            batch.map((id, i) => user(id, { firstName: `Bulk ${((start + i) * 7_919) % 5_000}` })),
          );
          await upsertMemberships(tx, batch.map(membership));
        });
      }
      await db.execute(sql`analyze`);
      const after = (await listMembers(db, organizationId, { limit: 4_000 })).at(-1)?.position;
      const query = memberPageQuery(db, organizationId, { limit: 51, after });
      const result = await db.execute(sql`explain (format json) ${query}`);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        "QUERY PLAN": unknown;
      }[];
      const plan = JSON.stringify(rows[0]?.["QUERY PLAN"]);
      expect(plan).toContain('"Index Name":"organization_memberships_member_order_idx"');
      expect(plan).not.toContain('"Node Type":"Sort"');
      expect(plan).not.toContain('"Node Type":"Seq Scan"');
    });
  },
);

import { userProfiles } from "@crosswalk/db";
import { events, signEvent } from "@crosswalk/webhooks/testing";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

export function profileSuite(harness: Harness) {
  describe("GET and PUT /api/profile", () => {
    it("fills an unsynced user from the Backend API, then serves the database copy", async () => {
      harness.emulator.webhooks.hold();
      const user = harness.emulator.state.createUser({
        firstName: "Grace",
        lastName: "Hopper",
        email: "grace@example.com",
      });
      const token = await harness.token({ userId: user.id });
      const first = await harness.request("/api/profile", { token });
      expect(first.status).toBe(200);
      expect(first.json).toEqual({
        source: "backend-api",
        user: {
          clerkId: user.id,
          email: "grace@example.com",
          firstName: "Grace",
          lastName: "Hopper",
          imageUrl: user.imageUrl,
        },
        profile: { birthday: null, country: null, bio: null },
      });
      expect((await harness.request("/api/profile", { token })).json).toMatchObject({
        source: "database",
      });
      harness.emulator.webhooks.release();
      await harness.emulator.webhooks.idle();
    });

    it("writes the fields given, clears null ones and answers the GET shape", async () => {
      const user = harness.emulator.state.createUser({ firstName: "Ida" });
      const token = await harness.token({ userId: user.id });
      await harness.emulator.webhooks.idle();
      const put = (body: unknown) =>
        harness.request("/api/profile", { method: "PUT", token, body: JSON.stringify(body) });
      expect((await put({ birthday: "1990-04-01", country: "NO", bio: "Engineer" })).status).toBe(
        200,
      );
      const response = await put({ bio: null });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({
        user: { clerkId: user.id, firstName: "Ida" },
        profile: { birthday: "1990-04-01", country: "NO", bio: null },
      });
      await harness.database.check(async (db) => {
        const rows = await db
          .select()
          .from(userProfiles)
          .where(eq(userProfiles.clerkUserId, user.id));
        expect(rows).toMatchObject([{ birthday: "1990-04-01", country: "NO", bio: null }]);
      });
    });

    it.each([
      ["a future birthday", { birthday: "2999-12-31" }],
      ["an unknown country", { country: "XX" }],
      ["a code that is reserved, not a country", { country: "EU" }],
      ["a birthday in year 0", { birthday: "0000-01-01" }],
      ["a NUL character in the bio, which Postgres cannot store", { bio: "a\u0000b" }],
      ["a bio over 2,000 characters", { bio: "b".repeat(2_001) }],
      ["an unknown field", { nickname: "x" }],
      ["a list instead of an object", ["bio"]],
    ])("refuses %s with invalid_request and writes nothing", async (_label, body) => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id });
      const response = await harness.request("/api/profile", {
        method: "PUT",
        token,
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: "invalid_request" });
      expect((response.json as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
      await harness.database.check(async (db) => {
        expect(
          await db.select().from(userProfiles).where(eq(userProfiles.clerkUserId, user.id)),
        ).toEqual([]);
      });
    });

    it("leaves no profile behind for a user deleted while their first profile write runs", async () => {
      const racers = Array.from({ length: 12 }, () => harness.emulator.state.createUser());
      await harness.emulator.webhooks.idle();
      const answers = await Promise.all(
        racers.map(async (user) => {
          const token = await harness.token({ userId: user.id });
          const deletion = signEvent(
            harness.emulator.webhookSecret,
            events.userDeleted(user.id, Date.now()),
          );
          const [put, deleted] = await Promise.all([
            harness.request("/api/profile", {
              method: "PUT",
              token,
              body: JSON.stringify({ birthday: "1990-04-01", country: "NO", bio: "racing" }),
            }),
            harness.request("/api/webhooks/clerk", {
              method: "POST",
              headers: { ...deletion.headers, "content-type": "application/json" },
              body: deletion.body,
            }),
          ]);
          return { put: put.status, deleted: deleted.json };
        }),
      );
      for (const answer of answers) {
        expect([200, 404]).toContain(answer.put);
        expect(answer.deleted).toEqual({ status: "processed", type: "user.deleted" });
      }
      await harness.database.check(async (db) => {
        const ids = racers.map((user) => user.id);
        expect(
          await db.select().from(userProfiles).where(inArray(userProfiles.clerkUserId, ids)),
        ).toEqual([]);
      });
    });

    it("refuses a body that is not JSON with invalid_json", async () => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id });
      const response = await harness.request("/api/profile", {
        method: "PUT",
        token,
        body: "bio=hello",
      });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ error: "invalid_json" });
    });
  });
}

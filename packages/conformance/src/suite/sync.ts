import { organizationMemberships, organizations, users, webhookEvents } from "@crosswalk/db";
import { events, type SignedDelivery, signEvent, signPayload } from "@crosswalk/webhooks/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";
import { deliverDuplicatedAndReversed } from "./reordered-deliveries.ts";

let sequence = 0;
const id = (prefix: string) => `${prefix}_2conformanceSync${process.pid}x${++sequence}`;
const at = 1_750_000_000_000;

const aUser = (overrides = {}) => ({
  id: id("user"),
  email: "sync@example.com",
  firstName: "Sync",
  lastName: "User",
  username: null,
  imageUrl: null,
  createdAt: at,
  updatedAt: at,
  ...overrides,
});
const anOrganization = () => ({
  id: id("org"),
  name: "Sync Org",
  slug: "sync-org",
  imageUrl: null,
  createdAt: at,
  updatedAt: at,
});

export function syncSuite(harness: Harness) {
  const sign = (event: unknown, svixId?: string) =>
    signEvent(harness.emulator.webhookSecret, event, svixId ? { svixId } : {});
  const post = (delivery: SignedDelivery, headers: Record<string, string> = delivery.headers) =>
    harness.request("/api/webhooks/clerk", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: delivery.body,
    });

  describe("POST /api/webhooks/clerk", () => {
    it("applies a membership that arrives before its user and organization, which later fill in", async () => {
      const user = aUser();
      const organization = anOrganization();
      const membership = {
        id: id("orgmem"),
        role: "org:admin",
        organization,
        user,
        createdAt: at,
        updatedAt: at,
      };
      const first = await post(sign(events.membershipCreated(membership)));
      expect(first.status).toBe(200);
      expect(first.json).toEqual({ status: "processed", type: "organizationMembership.created" });
      expect((await post(sign(events.userCreated(user)))).json).toEqual({
        status: "processed",
        type: "user.created",
      });
      expect((await post(sign(events.organizationCreated(organization)))).json).toEqual({
        status: "processed",
        type: "organization.created",
      });
      await harness.database.check(async (db) => {
        expect(
          await db
            .select()
            .from(organizationMemberships)
            .where(eq(organizationMemberships.clerkId, membership.id)),
        ).toMatchObject([
          { organizationId: organization.id, userId: user.id, role: "org:admin", deletedAt: null },
        ]);
        expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
          { email: "sync@example.com", firstName: "Sync", deletedAt: null },
        ]);
        expect(
          await db.select().from(organizations).where(eq(organizations.clerkId, organization.id)),
        ).toMatchObject([{ name: "Sync Org", slug: "sync-org" }]);
      });
    });

    it("answers a redelivered svix-id with duplicate and changes nothing", async () => {
      const user = aUser();
      const delivery = sign(events.userCreated(user));
      expect((await post(delivery)).json).toEqual({ status: "processed", type: "user.created" });
      const again = sign(
        events.userUpdated({ ...user, firstName: "Changed", updatedAt: at + 1 }),
        delivery.headers["svix-id"],
      );
      expect(await post(again)).toMatchObject({ status: 200, json: { status: "duplicate" } });
      await harness.database.check(async (db) => {
        expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
          { firstName: "Sync" },
        ]);
        expect(
          await db
            .select()
            .from(webhookEvents)
            .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
        ).toHaveLength(1);
      });
    });

    it("answers an update older than the stored one with stale", async () => {
      const user = aUser();
      await post(sign(events.userCreated(user)));
      await post(sign(events.userUpdated({ ...user, lastName: "Newest", updatedAt: at + 2_000 })));
      const late = await post(
        sign(events.userUpdated({ ...user, lastName: "Older", updatedAt: at + 1_000 })),
      );
      expect(late).toMatchObject({ status: 200, json: { status: "stale" } });
      await harness.database.check(async (db) => {
        expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
          { lastName: "Newest" },
        ]);
      });
    });

    it("keeps a tombstone that no late event resurrects", async () => {
      const user = aUser({ email: "leaving@example.com" });
      await post(sign(events.userCreated(user)));
      expect((await post(sign(events.userDeleted(user.id)))).json).toEqual({
        status: "processed",
        type: "user.deleted",
      });
      expect(
        (await post(sign(events.userUpdated({ ...user, updatedAt: at + 9_000 })))).json,
      ).toEqual({ status: "stale" });
      await harness.database.check(async (db) => {
        const [row] = await db.select().from(users).where(eq(users.clerkId, user.id));
        expect(row).toMatchObject({ email: null, firstName: null, lastName: null });
        expect(row?.deletedAt).toBeInstanceOf(Date);
      });
    });

    it("verifies the body exactly as sent, not re-serialised", async () => {
      const user = aUser({ firstName: "Spaced" });
      const pretty = signPayload(
        harness.emulator.webhookSecret,
        JSON.stringify(events.userCreated(user), null, 2),
      );
      expect(await post(pretty)).toMatchObject({
        status: 200,
        json: { status: "processed", type: "user.created" },
      });
    });

    it("records an event type it does not sync as ignored", async () => {
      const delivery = sign({ ...events.userCreated(aUser()), type: "session.created" });
      expect(await post(delivery)).toMatchObject({
        status: 200,
        json: { status: "ignored", type: "session.created" },
      });
      expect((await post(delivery)).json).toEqual({ status: "duplicate" });
      await harness.database.check(async (db) => {
        expect(
          await db
            .select()
            .from(webhookEvents)
            .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
        ).toMatchObject([{ type: "session.created", status: "ignored" }]);
      });
    });

    it("refuses missing, tampered and expired signatures with invalid_signature", async () => {
      const user = aUser();
      const delivery = sign(events.userCreated(user));
      const { "svix-signature": _dropped, ...unsigned } = delivery.headers;
      const tampered = { ...delivery, body: delivery.body.replace("Sync", "Evil") };
      const expired = signEvent(harness.emulator.webhookSecret, events.userCreated(user), {
        timestamp: new Date(Date.now() - 10 * 60_000),
      });
      const otherSecret = signEvent(
        "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==",
        events.userCreated(user),
      );
      for (const response of [
        await post(delivery, unsigned),
        await post(tampered),
        await post(expired),
        await post(otherSecret),
      ]) {
        expect(response.status).toBe(400);
        expect(response.json).toEqual({ error: "invalid_signature" });
      }
      await harness.database.check(async (db) => {
        expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toEqual([]);
      });
    });

    it("refuses a signed body that is not a Clerk event with invalid_payload, recorded, and tells Svix to stop retrying it", async () => {
      const delivery = signPayload(harness.emulator.webhookSecret, '{"hello":"world"}');
      // Svix retries any non-2xx for 27 h unless the answer carries its abort header; a retry already
      // scheduled gets the same answer.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await post(delivery);
        expect(response.status).toBe(400);
        expect(response.json).toEqual({ error: "invalid_payload" });
        expect(response.headers.get("webhook-delivery")).toBe("abort-message");
      }
      await harness.database.check(async (db) => {
        expect(
          await db
            .select()
            .from(webhookEvents)
            .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
        ).toMatchObject([{ type: "unknown", status: "invalid" }]);
      });
    });

    it("refuses a tampered signature without the abort header, so Svix's retry applies once the secret is fixed", async () => {
      const delivery = sign(events.userCreated(aUser()));
      const response = await post({ ...delivery, body: delivery.body.replace("Sync", "Evil") });
      expect(response.status).toBe(400);
      expect(response.headers.get("webhook-delivery")).toBeNull();
    });

    it.each([
      ["a NUL character in a user's name", { firstName: "Sync\u0000" }, {}, "data.first_name"],
      [
        "an updated_at beyond JavaScript's Date range",
        { updatedAt: 9e15 },
        { timestamp: at },
        "data.updated_at",
      ],
      [
        "an envelope timestamp beyond JavaScript's Date range",
        {},
        { timestamp: 9e15 },
        "timestamp",
      ],
    ])(
      "refuses a signed event with %s with invalid_payload (not a 5xx Svix would retry), recorded, logging the field",
      async (_label, userOverrides, envelope, field) => {
        const user = aUser(userOverrides);
        const delivery = sign({ ...events.userCreated(user), ...envelope });
        const before = harness.app.output().length;
        const response = await post(delivery);
        expect(response.status).toBe(400);
        expect(response.json).toEqual({ error: "invalid_payload" });
        expect(response.headers.get("webhook-delivery")).toBe("abort-message");
        const svixId = delivery.headers["svix-id"];
        const logged = (await harness.app.waitForOutput(svixId)).slice(before);
        expect(logged).toContain(svixId);
        expect(logged).toContain(field);
        // The field's name, never its value (nor the user's name, which it sits beside).
        expect(logged).not.toContain("9000000000000000");
        expect(logged).not.toContain("Sync");
        await harness.database.check(async (db) => {
          expect(await db.select().from(users).where(eq(users.clerkId, user.id))).toEqual([]);
          expect(
            await db
              .select()
              .from(webhookEvents)
              .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
          ).toMatchObject([{ type: "user.created", status: "invalid" }]);
        });
      },
    );

    it("refuses a body over 1 MiB with payload_too_large", async () => {
      const body = JSON.stringify({
        ...events.userCreated(aUser()),
        padding: "p".repeat(1024 * 1024),
      });
      const response = await post(signPayload(harness.emulator.webhookSecret, body));
      expect(response.status).toBe(413);
      expect(response.json).toEqual({ error: "payload_too_large" });
      // The refused body must not poison the connection for the deliveries that follow.
      const next = await post(sign(events.userCreated(aUser())));
      expect(next.json).toEqual({ status: "processed", type: "user.created" });
    });

    it("keeps the database in step with Clerk through real deliveries, duplicated and reordered", async () => {
      const delivered = await deliverDuplicatedAndReversed(harness.emulator);
      expect(delivered.statuses).toEqual(Array(8).fill(200));
      await harness.database.check(delivered.expectConverged);
    });
  });
}

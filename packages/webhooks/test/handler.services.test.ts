import { refusedBodyDrainMs } from "@crosswalk/body-limit";
import {
  createTask,
  type DatabaseHandle,
  organizationMemberships,
  organizations,
  tasks,
  updateProfile,
  userProfiles,
  users,
  webhookEvents,
} from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { recordingLogger, silentLogger } from "@crosswalk/log/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createWebhookHandler,
  handleWebhookRequest,
  maxWebhookBodyBytes,
  type WebhookHandler,
} from "../src/index.ts";
import {
  type ClerkEvent,
  clerkEvent,
  events,
  newSigningSecret,
  signPayload,
  signWithEach,
} from "../src/testing/index.ts";
import { aMembership, anOrganization, aUser, deliver, secret, signed } from "./support.ts";

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "webhook handler on $kind",
  (target) => {
    let database: DatabaseHandle;
    let handler: WebhookHandler;
    const userRow = async (id: string) =>
      (await database.db.select().from(users).where(eq(users.clerkId, id)))[0];
    const organizationRow = async (id: string) =>
      (await database.db.select().from(organizations).where(eq(organizations.clerkId, id)))[0];
    const membershipRow = async (id: string) =>
      (
        await database.db
          .select()
          .from(organizationMemberships)
          .where(eq(organizationMemberships.clerkId, id))
      )[0];
    const eventRow = async (svixId: string) =>
      (await database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, svixId)))[0];

    beforeAll(async () => {
      database = await target.open();
      handler = createWebhookHandler({ db: database.db, signingSecret: secret, log: silentLogger });
    });
    afterAll(() => database.close());

    describe("users", () => {
      it("creates, updates, ignores older versions and recognises redeliveries", async () => {
        const user = aUser();
        const created = signed(events.userCreated(user));
        expect(await deliver(handler, created)).toEqual({
          status: 200,
          body: { status: "processed", type: "user.created" },
        });
        expect(await userRow(user.id)).toMatchObject({
          email: "jane.doe@example.com",
          firstName: "Jane",
          lastName: "Doe",
          username: "jane",
          imageUrl: "https://img.clerk.com/jane",
          clerkUpdatedAt: new Date(user.updatedAt),
          deletedAt: null,
        });
        expect(await eventRow(created.headers["svix-id"])).toMatchObject({
          type: "user.created",
          status: "processed",
        });

        expect(await deliver(handler, created)).toEqual({
          status: 200,
          body: { status: "duplicate" },
        });

        const renamed = { ...user, lastName: "Smith", updatedAt: user.updatedAt + 5_000 };
        expect((await deliver(handler, signed(events.userUpdated(renamed)))).body).toEqual({
          status: "processed",
          type: "user.updated",
        });
        const older = signed(
          events.userUpdated({ ...user, lastName: "Old", updatedAt: user.updatedAt + 1_000 }),
        );
        expect(await deliver(handler, older)).toEqual({ status: 200, body: { status: "stale" } });
        expect(await eventRow(older.headers["svix-id"])).toMatchObject({ status: "stale" });
        expect((await userRow(user.id))?.lastName).toBe("Smith");
      });

      it("tombstones a deleted user, removes its profile and memberships, and never resurrects it", async () => {
        const user = aUser();
        const organization = anOrganization();
        const membership = aMembership(user, organization);
        await deliver(handler, signed(events.userCreated(user)));
        await deliver(handler, signed(events.organizationCreated(organization)));
        await deliver(handler, signed(events.membershipCreated(membership)));
        await updateProfile(database.db, user.id, { bio: "private" });

        expect((await deliver(handler, signed(events.userDeleted(user.id)))).body).toEqual({
          status: "processed",
          type: "user.deleted",
        });
        const tombstone = await userRow(user.id);
        expect(tombstone).toMatchObject({
          email: null,
          firstName: null,
          lastName: null,
          username: null,
          imageUrl: null,
        });
        expect(tombstone?.deletedAt).toBeInstanceOf(Date);
        expect(
          await database.db
            .select()
            .from(userProfiles)
            .where(eq(userProfiles.clerkUserId, user.id)),
        ).toEqual([]);
        expect(await membershipRow(membership.id)).toBeUndefined();

        const late = { ...user, updatedAt: user.updatedAt + 60_000 };
        expect((await deliver(handler, signed(events.userUpdated(late)))).body).toEqual({
          status: "stale",
        });
        expect((await deliver(handler, signed(events.userCreated(late)))).body).toEqual({
          status: "stale",
        });
        expect(
          (
            await deliver(
              handler,
              signed(events.membershipUpdated({ ...membership, updatedAt: late.updatedAt })),
            )
          ).body,
        ).toEqual({ status: "stale" });
        expect((await deliver(handler, signed(events.userDeleted(user.id)))).body).toEqual({
          status: "stale",
        });
        expect((await userRow(user.id))?.email).toBeNull();
        expect(await membershipRow(membership.id)).toBeUndefined();
      });

      it("tombstones a user whose delete arrives before anything else", async () => {
        const user = aUser();
        expect(
          (await deliver(handler, signed(events.userDeleted(user.id)))).body.valueOf(),
        ).toMatchObject({ status: "processed" });
        expect((await deliver(handler, signed(events.userCreated(user)))).body).toEqual({
          status: "stale",
        });
        expect(await userRow(user.id)).toMatchObject({ email: null, clerkUpdatedAt: null });
      });
    });

    describe("organizations", () => {
      it("creates, updates, ignores older versions, and tombstones with memberships and tasks removed", async () => {
        const organization = anOrganization();
        expect(
          (await deliver(handler, signed(events.organizationCreated(organization)))).body,
        ).toEqual({
          status: "processed",
          type: "organization.created",
        });
        const renamed = {
          ...organization,
          name: "Acme Inc",
          slug: "acme-inc",
          updatedAt: organization.updatedAt + 2,
        };
        expect((await deliver(handler, signed(events.organizationUpdated(renamed)))).body).toEqual({
          status: "processed",
          type: "organization.updated",
        });
        expect(
          (
            await deliver(
              handler,
              signed(
                events.organizationUpdated({
                  ...organization,
                  updatedAt: organization.updatedAt + 1,
                }),
              ),
            )
          ).body,
        ).toEqual({ status: "stale" });
        expect(await organizationRow(organization.id)).toMatchObject({
          name: "Acme Inc",
          slug: "acme-inc",
        });

        const membership = aMembership(aUser(), organization);
        await deliver(handler, signed(events.membershipCreated(membership)));
        await createTask(database.db, {
          organizationId: organization.id,
          title: "Plan",
          createdBy: membership.user.id,
        });

        expect(
          (await deliver(handler, signed(events.organizationDeleted(organization)))).body,
        ).toEqual({
          status: "processed",
          type: "organization.deleted",
        });
        expect(await organizationRow(organization.id)).toMatchObject({ name: null, slug: null });
        expect((await organizationRow(organization.id))?.deletedAt).toBeInstanceOf(Date);
        expect(await membershipRow(membership.id)).toBeUndefined();
        expect(
          await database.db.select().from(tasks).where(eq(tasks.organizationId, organization.id)),
        ).toEqual([]);

        expect(
          (
            await deliver(
              handler,
              signed(events.organizationUpdated({ ...renamed, updatedAt: renamed.updatedAt + 9 })),
            )
          ).body,
        ).toEqual({ status: "stale" });
        expect(
          (
            await deliver(
              handler,
              signed(events.membershipCreated(aMembership(aUser(), organization))),
            )
          ).body,
        ).toEqual({ status: "stale" });
        expect(
          (await deliver(handler, signed(events.organizationDeleted(organization)))).body,
        ).toEqual({ status: "stale" });
      });
    });

    describe("memberships", () => {
      it("creates placeholder parents when the membership arrives first, which the parents' events fill", async () => {
        const user = aUser();
        const organization = anOrganization();
        const membership = aMembership(user, organization);
        expect((await deliver(handler, signed(events.membershipCreated(membership)))).body).toEqual(
          {
            status: "processed",
            type: "organizationMembership.created",
          },
        );
        expect(await membershipRow(membership.id)).toMatchObject({
          organizationId: organization.id,
          userId: user.id,
          role: "org:member",
          deletedAt: null,
        });
        expect(await userRow(user.id)).toMatchObject({
          email: null,
          clerkUpdatedAt: null,
          deletedAt: null,
        });
        expect(await organizationRow(organization.id)).toMatchObject({
          name: null,
          clerkUpdatedAt: null,
        });

        expect((await deliver(handler, signed(events.userCreated(user)))).body).toMatchObject({
          status: "processed",
        });
        expect(
          (await deliver(handler, signed(events.organizationCreated(organization)))).body,
        ).toMatchObject({ status: "processed" });
        expect(await userRow(user.id)).toMatchObject({ email: user.email, firstName: "Jane" });
        expect(await organizationRow(organization.id)).toMatchObject({ name: "Acme Corp" });
      });

      it("applies role changes by updated_at and keeps a tombstone after delete", async () => {
        const membership = aMembership(aUser(), anOrganization());
        await deliver(handler, signed(events.membershipCreated(membership)));
        const promoted = { ...membership, role: "org:admin", updatedAt: membership.updatedAt + 10 };
        expect((await deliver(handler, signed(events.membershipUpdated(promoted)))).body).toEqual({
          status: "processed",
          type: "organizationMembership.updated",
        });
        expect(
          (
            await deliver(
              handler,
              signed(
                events.membershipUpdated({
                  ...membership,
                  role: "org:viewer",
                  updatedAt: membership.updatedAt + 5,
                }),
              ),
            )
          ).body,
        ).toEqual({ status: "stale" });
        expect((await membershipRow(membership.id))?.role).toBe("org:admin");

        expect((await deliver(handler, signed(events.membershipDeleted(promoted)))).body).toEqual({
          status: "processed",
          type: "organizationMembership.deleted",
        });
        const tombstone = await membershipRow(membership.id);
        expect(tombstone).toMatchObject({ role: null });
        expect(tombstone?.deletedAt).toBeInstanceOf(Date);
        expect(
          (
            await deliver(
              handler,
              signed(events.membershipUpdated({ ...promoted, updatedAt: promoted.updatedAt + 10 })),
            )
          ).body,
        ).toEqual({ status: "stale" });
        expect((await deliver(handler, signed(events.membershipCreated(membership)))).body).toEqual(
          { status: "stale" },
        );
      });

      it("keeps a membership deleted before its create arrives deleted", async () => {
        const membership = aMembership(aUser(), anOrganization());
        expect(
          (await deliver(handler, signed(events.membershipDeleted(membership)))).body,
        ).toMatchObject({ status: "processed" });
        expect((await deliver(handler, signed(events.membershipCreated(membership)))).body).toEqual(
          { status: "stale" },
        );
        expect((await membershipRow(membership.id))?.deletedAt).toBeInstanceOf(Date);
      });
    });

    describe("events the app does not sync", () => {
      it("records them as ignored so a redelivery is a duplicate", async () => {
        const delivery = signed(clerkEvent("session.created", { object: "session", id: "sess_1" }));
        expect(await deliver(handler, delivery)).toEqual({
          status: 200,
          body: { status: "ignored", type: "session.created" },
        });
        expect(await eventRow(delivery.headers["svix-id"])).toMatchObject({
          type: "session.created",
          status: "ignored",
        });
        expect(await deliver(handler, delivery)).toEqual({
          status: 200,
          body: { status: "duplicate" },
        });
      });
    });

    describe("signatures", () => {
      const event = () => events.userCreated(aUser());
      it.each(["svix-id", "svix-timestamp", "svix-signature"] as const)(
        "refuses a delivery without %s",
        async (name) => {
          const delivery = signed(event());
          const headers: Record<string, string> = { ...delivery.headers };
          delete headers[name];
          expect(await handler({ body: delivery.body, headers })).toEqual({
            status: 400,
            body: { error: "invalid_signature" },
          });
        },
      );

      it("refuses a tampered body", async () => {
        const delivery = signed(event());
        const body = delivery.body.replace("Jane", "Eve");
        expect(await handler({ body, headers: delivery.headers })).toEqual({
          status: 400,
          body: { error: "invalid_signature" },
        });
      });

      it("refuses a signature made with another secret", async () => {
        const delivery = signPayload(
          "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==",
          JSON.stringify(event()),
        );
        expect(await deliver(handler, delivery)).toEqual({
          status: 400,
          body: { error: "invalid_signature" },
        });
      });

      it("during a rotation, accepts a delivery signed by the previous secret, the new one, or both side by side", async () => {
        const previous = newSigningSecret();
        const rotated = createWebhookHandler({
          db: database.db,
          signingSecret: secret,
          previousSigningSecret: previous,
          log: silentLogger,
        });
        const other = newSigningSecret();
        for (const secrets of [[previous], [secret], [previous, secret], [other, secret]])
          expect(
            (await deliver(rotated, signWithEach(secrets, JSON.stringify(event())))).body,
          ).toMatchObject({ status: "processed" });
        expect(await deliver(rotated, signWithEach([other], JSON.stringify(event())))).toEqual({
          status: 400,
          body: { error: "invalid_signature" },
        });
        // Without the previous secret configured, its signature alone is refused.
        expect(await deliver(handler, signWithEach([previous], JSON.stringify(event())))).toEqual({
          status: 400,
          body: { error: "invalid_signature" },
        });
      });

      it("refuses a svix-id the signature was not made for", async () => {
        const delivery = signed(event());
        const headers = { ...delivery.headers, "svix-id": "msg_replayed" };
        expect(await handler({ body: delivery.body, headers })).toEqual({
          status: 400,
          body: { error: "invalid_signature" },
        });
      });

      it.each([
        ["6 minutes old", -6 * 60_000, 400],
        ["6 minutes ahead", 6 * 60_000, 400],
        ["4 minutes old", -4 * 60_000, 200],
        ["4 minutes ahead", 4 * 60_000, 200],
      ])("answers a timestamp %s with %i", async (_label, offset, status) => {
        const delivery = signed(event(), { timestamp: new Date(Date.now() + offset) });
        expect((await deliver(handler, delivery)).status).toBe(status);
      });

      it("writes nothing for a refused delivery", async () => {
        const user = aUser();
        const delivery = signed(events.userCreated(user));
        await handler({
          body: delivery.body,
          headers: { ...delivery.headers, "svix-signature": "v1,AAAA" },
        });
        expect(await userRow(user.id)).toBeUndefined();
        expect(await eventRow(delivery.headers["svix-id"])).toBeUndefined();
      });
    });

    describe("payloads", () => {
      it.each([
        ["malformed JSON", "{not json"],
        ["a JSON value that is not an event", JSON.stringify({ hello: "world" })],
        [
          "a user event without an id",
          JSON.stringify(clerkEvent("user.created", { object: "user", updated_at: 1 })),
        ],
        [
          "a membership without its organization",
          JSON.stringify(
            clerkEvent("organizationMembership.created", {
              object: "organization_membership",
              id: "orgmem_x",
              role: "org:member",
              updated_at: 1,
            }),
          ),
        ],
      ])(
        "answers %s with invalid_payload and Svix's abort-message header, recorded as invalid and nothing else",
        async (_label, body) => {
          const delivery = signPayload(secret, body);
          const refused = {
            status: 400,
            body: { error: "invalid_payload" },
            headers: { "webhook-delivery": "abort-message" },
          };
          expect(await deliver(handler, delivery)).toEqual(refused);
          expect(await eventRow(delivery.headers["svix-id"])).toMatchObject({ status: "invalid" });
          // A retry Svix had already scheduled is answered the same, and recorded once.
          expect(await deliver(handler, delivery)).toEqual(refused);
          expect(
            await database.db
              .select()
              .from(webhookEvents)
              .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
          ).toHaveLength(1);
        },
      );

      it("applies Svix's resend of a message recorded invalid once it has become applicable", async () => {
        const user = aUser();
        const svixId = `msg_resent_${user.id}`;
        const spoiled = { ...events.userCreated(user), timestamp: 9e15 };
        const refused = await deliver(
          handler,
          signPayload(secret, JSON.stringify(spoiled), { svixId }),
        );
        expect(refused.status).toBe(400);
        expect(await eventRow(svixId)).toMatchObject({ status: "invalid" });
        // The same message id, now with a body the sync accepts (a fix deployed, Svix's "resend").
        expect(await deliver(handler, signed(events.userCreated(user), { svixId }))).toEqual({
          status: 200,
          body: { status: "processed", type: "user.created" },
        });
        expect(await eventRow(svixId)).toMatchObject({ status: "processed" });
        expect(await userRow(user.id)).toMatchObject({ firstName: "Jane" });
      });

      it("answers an invalid signed event 500 without the abort header while it cannot be recorded", async () => {
        const closed = await target.open();
        await closed.close();
        const unrecorded = createWebhookHandler({
          db: closed.db,
          signingSecret: secret,
          log: silentLogger,
        });
        const delivery = signPayload(secret, "{not json");
        expect(await deliver(unrecorded, delivery)).toEqual({
          status: 500,
          body: { error: "processing_failed" },
        });
      });

      it.each([
        [
          "a NUL character in a user's name",
          (e: ClerkEvent) => ({ ...e, data: { ...e.data, first_name: "Ada\u0000" } }),
          "data.first_name",
        ],
        [
          "an updated_at beyond JavaScript's Date range",
          (e: ClerkEvent) => ({ ...e, data: { ...e.data, updated_at: 9e15 } }),
          "data.updated_at",
        ],
        [
          "an envelope timestamp beyond JavaScript's Date range",
          (e: ClerkEvent) => ({ ...e, timestamp: 9e15 }),
          "timestamp",
        ],
      ])(
        "answers a signed event with %s invalid_payload, logging the field and not the value",
        async (_label, spoil, field) => {
          const log = recordingLogger();
          const logging = createWebhookHandler({ db: database.db, signingSecret: secret, log });
          const user = aUser();
          const delivery = signPayload(secret, JSON.stringify(spoil(events.userCreated(user))));
          expect(await deliver(logging, delivery)).toMatchObject({
            status: 400,
            body: { error: "invalid_payload" },
          });
          expect(await eventRow(delivery.headers["svix-id"])).toMatchObject({
            type: "user.created",
            status: "invalid",
          });
          expect(await userRow(user.id)).toBeUndefined();
          expect(log.lines).toHaveLength(1);
          expect(log.lines[0]?.context).toMatchObject({ field });
          expect(JSON.stringify(log.lines)).not.toContain("Ada");
        },
      );

      it("answers a body over 1 MiB with payload_too_large before anything else", async () => {
        const body = JSON.stringify({
          ...events.userCreated(aUser()),
          padding: "x".repeat(maxWebhookBodyBytes),
        });
        const delivery = signPayload(secret, body);
        expect(await deliver(handler, delivery)).toEqual({
          status: 413,
          body: { error: "payload_too_large" },
        });
        expect(await eventRow(delivery.headers["svix-id"])).toBeUndefined();
      });

      it("accepts a body that is not in compact JSON form, as signed", async () => {
        const user = aUser();
        const delivery = signPayload(secret, JSON.stringify(events.userCreated(user), null, 2));
        expect((await deliver(handler, delivery)).body).toMatchObject({ status: "processed" });
        expect(await userRow(user.id)).toMatchObject({ firstName: "Jane" });
      });
    });

    describe("fetch adapter", () => {
      const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string>) =>
        new Request("http://localhost/api/webhooks/clerk", {
          method: "POST",
          body,
          headers,
          duplex: "half",
        } as RequestInit);

      it("answers with the handler's status and JSON body", async () => {
        const delivery = signed(events.userCreated(aUser()));
        const response = await handleWebhookRequest(
          handler,
          post(delivery.body, { ...delivery.headers, "content-type": "application/json" }),
        );
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/json");
        expect(await response.json()).toEqual({ status: "processed", type: "user.created" });
      });

      it("answers 413 once a streamed body passes 1 MiB, then drops the rest for 2 s at most and lets go", async () => {
        const chunk = new Uint8Array(256 * 1024);
        let sent = 0;
        let cancelled = false;
        // A client that never stops sending, a chunk every 5 ms.
        const stream = new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            sent += 1;
            controller.enqueue(chunk);
          },
          cancel() {
            cancelled = true;
          },
        });
        const delivery = signed(events.userCreated(aUser()));
        const response = await handleWebhookRequest(handler, post(stream, delivery.headers));
        expect(response.status).toBe(413);
        expect(response.headers.get("connection")).toBe("close");
        // The answer is there at once; its body ends only once the rest has been drained.
        expect(sent).toBeLessThan(10);
        expect(await response.json()).toEqual({ error: "payload_too_large" });
        await new Promise((resolve) => setTimeout(resolve, refusedBodyDrainMs + 500));
        expect(cancelled).toBe(true);
        const afterCancel = sent;
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(sent).toBe(afterCancel);
      });
    });

    describe("configuration", () => {
      it("answers webhook_secret_missing without a secret and says why in the log", async () => {
        const log = recordingLogger();
        const unconfigured = createWebhookHandler({
          db: database.db,
          signingSecret: undefined,
          log,
        });
        const delivery = signed(events.userCreated(aUser()));
        expect(await deliver(unconfigured, delivery)).toEqual({
          status: 500,
          body: { error: "webhook_secret_missing" },
        });
        expect(log.lines.map((line) => line.message).join("\n")).toContain(
          "CLERK_WEBHOOK_SIGNING_SECRET",
        );
      });
    });
  },
);

import {
  type DatabaseHandle,
  organizationMemberships,
  organizations,
  users,
  webhookEvents,
} from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { recordingLogger } from "@crosswalk/log/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler, type WebhookHandler } from "../src/index.ts";
import { events } from "../src/testing/index.ts";
import { aMembership, anOrganization, aUser, deliver, secret, signed } from "./support.ts";

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "a database failure mid-event on $kind",
  (target) => {
    let database: DatabaseHandle;
    let handler: WebhookHandler;
    const log = recordingLogger();

    beforeAll(async () => {
      database = await target.open();
      handler = createWebhookHandler({
        db: database.db,
        signingSecret: secret,
        log,
      });
    });
    afterAll(() => database.close());

    it("answers 500, commits nothing, and the redelivery applies once", async () => {
      const user = aUser({ email: "private.person@example.com" });
      const membership = aMembership(user, anOrganization());
      // The membership insert is the last write of the event: by then the webhook_events row and both
      // placeholder parents have been written inside the transaction, so a rollback must undo all three.
      await database.db.execute(
        sql.raw(`
      create function fail_membership_insert() returns trigger language plpgsql as $$
      begin raise exception 'injected failure'; end $$`),
      );
      await database.db.execute(
        sql.raw(`
      create trigger fail_membership_insert before insert on organization_memberships
      for each row when (new.clerk_id = '${membership.id}') execute function fail_membership_insert()`),
      );
      const delivery = signed(events.membershipCreated(membership));

      expect(await deliver(handler, delivery)).toEqual({
        status: 500,
        body: { error: "processing_failed" },
      });
      expect(
        await database.db
          .select()
          .from(webhookEvents)
          .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
      ).toEqual([]);
      expect(await database.db.select().from(users).where(eq(users.clerkId, user.id))).toEqual([]);
      expect(
        await database.db
          .select()
          .from(organizations)
          .where(eq(organizations.clerkId, membership.organization.id)),
      ).toEqual([]);
      expect(JSON.stringify(log.lines)).toContain("P0001");
      expect(JSON.stringify(log.lines)).not.toContain("private.person");
      expect(JSON.stringify(log.lines)).not.toContain("injected failure");

      await database.db.execute(
        sql.raw("drop trigger fail_membership_insert on organization_memberships"),
      );
      expect((await deliver(handler, delivery)).body).toEqual({
        status: "processed",
        type: "organizationMembership.created",
      });
      expect(await deliver(handler, delivery)).toEqual({
        status: 200,
        body: { status: "duplicate" },
      });
      expect(
        await database.db
          .select()
          .from(organizationMemberships)
          .where(eq(organizationMemberships.clerkId, membership.id)),
      ).toHaveLength(1);
      expect(
        await database.db
          .select()
          .from(webhookEvents)
          .where(eq(webhookEvents.svixId, delivery.headers["svix-id"])),
      ).toHaveLength(1);
    });
  },
);

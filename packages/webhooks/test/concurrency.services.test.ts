import {
  type DatabaseHandle,
  organizationMemberships,
  organizations,
  users,
  webhookEvents,
} from "@crosswalk/db";
import { openServerDatabase } from "@crosswalk/db/testing";
import { recordingLogger } from "@crosswalk/log/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler, type WebhookHandler } from "../src/index.ts";
import { events } from "../src/testing/index.ts";
import { aMembership, anOrganization, aUser, deliver, secret, signed } from "./support.ts";

// Concurrent deliveries need a server with a connection pool; PGlite runs one transaction at a time.
// (One describe registered either way: vitest fails a file whose suites are all filtered away.)
const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("concurrent delivery on a Postgres server (TEST_DATABASE_URL)", () => {
  let database: DatabaseHandle;
  let handler: WebhookHandler;
  const log = recordingLogger();

  beforeAll(async () => {
    database = await openServerDatabase(serverUrl as string);
    handler = createWebhookHandler({
      db: database.db,
      signingSecret: secret,
      log,
    });
  });
  afterAll(() => database.close());

  it("applies 50 simultaneous deliveries of one svix-id exactly once", async () => {
    const membership = aMembership(aUser(), anOrganization());
    const delivery = signed(events.membershipCreated(membership));
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => deliver(handler, delivery)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200));
    const statuses = responses.map((response) =>
      "status" in response.body ? response.body.status : "error",
    );
    expect(statuses.filter((status) => status === "processed")).toHaveLength(1);
    expect(statuses.filter((status) => status === "duplicate")).toHaveLength(49);
    expect(log.lines).toEqual([]);
    const events_ = await database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.svixId, delivery.headers["svix-id"]));
    expect(events_).toHaveLength(1);
    expect(
      await database.db
        .select()
        .from(organizationMemberships)
        .where(eq(organizationMemberships.clerkId, membership.id)),
    ).toHaveLength(1);
    expect(
      await database.db.select().from(users).where(eq(users.clerkId, membership.user.id)),
    ).toHaveLength(1);
    expect(
      await database.db
        .select()
        .from(organizations)
        .where(eq(organizations.clerkId, membership.organization.id)),
    ).toHaveLength(1);
  });

  it("keeps the newest of 50 simultaneous updates of one user", async () => {
    const user = aUser();
    const versions = Array.from({ length: 50 }, (_, index) => ({
      ...user,
      firstName: `v${index}`,
      updatedAt: user.updatedAt + index,
    }));
    const responses = await Promise.all(
      versions.reverse().map((version) => deliver(handler, signed(events.userUpdated(version)))),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    const [row] = await database.db.select().from(users).where(eq(users.clerkId, user.id));
    expect(row?.firstName).toBe("v49");
    expect(log.lines).toEqual([]);
  });

  it("converges when a user's delete races its memberships", async () => {
    const user = aUser();
    const memberships = Array.from({ length: 10 }, () => aMembership(user, anOrganization()));
    const deliveries = [
      ...memberships.map((membership) => signed(events.membershipCreated(membership))),
      signed(events.userCreated(user)),
      signed(events.userDeleted(user.id)),
    ];
    const responses = await Promise.all(deliveries.map((delivery) => deliver(handler, delivery)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(
      await database.db
        .select()
        .from(organizationMemberships)
        .where(eq(organizationMemberships.userId, user.id)),
    ).toEqual([]);
    const [row] = await database.db.select().from(users).where(eq(users.clerkId, user.id));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    expect(row?.email).toBeNull();
  });
});

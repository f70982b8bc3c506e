import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type DatabaseHandle, organizationMemberships, organizations, users } from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { silentLogger } from "@crosswalk/log/testing";
import { createWebhookHandler, type WebhookHandler } from "@crosswalk/webhooks";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ClerkEmulator, startClerkEmulator } from "../src/index.ts";

// The emulator's sender delivers into the project's real sync handler over HTTP.
describe("webhooks the emulator sends", () => {
  let emulator: ClerkEmulator;
  let database: DatabaseHandle;
  let handler: WebhookHandler;
  let server: Server;
  let failuresLeft = 0;
  let failure: { status: number; headers?: Record<string, string> } = { status: 503 };

  beforeAll(async () => {
    emulator = await startClerkEmulator();
    const [pglite] = testDatabaseTargets(undefined);
    database = await pglite!.open();
    handler = createWebhookHandler({
      db: database.db,
      signingSecret: emulator.webhookSecret,
      log: silentLogger,
    });
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        response.writeHead(failure.status, failure.headers).end();
        return;
      }
      const result = await handler({ body: Buffer.concat(chunks), headers: request.headers });
      response
        .writeHead(result.status, { "content-type": "application/json", ...result.headers })
        .end(JSON.stringify(result.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    emulator.webhooks.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/clerk`;
  });
  afterEach(() => {
    emulator.webhooks.configure({ duplicates: 0, delayMs: 0, dropNext: 0 });
    failuresLeft = 0;
    failure = { status: 503 };
  });
  afterAll(async () => {
    await emulator.close();
    server.close();
    await database.close();
  });

  const userRow = async (id: string) =>
    (await database.db.select().from(users).where(eq(users.clerkId, id)))[0];

  it("delivers each state change as a signed event the handler applies", async () => {
    const user = emulator.state.createUser({ firstName: "Ada", email: "ada@example.com" });
    const organization = emulator.state.createOrganization({ name: "Acme" });
    const membership = emulator.state.addMembership(organization.id, user.id, "org:admin");
    emulator.state.updateUser(user.id, { lastName: "Lovelace" });
    await emulator.webhooks.idle();

    expect(await userRow(user.id)).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
    });
    const [organizationRow] = await database.db
      .select()
      .from(organizations)
      .where(eq(organizations.clerkId, organization.id));
    expect(organizationRow).toMatchObject({ name: "Acme", slug: "acme" });
    const [membershipRow] = await database.db
      .select()
      .from(organizationMemberships)
      .where(eq(organizationMemberships.clerkId, membership.id));
    expect(membershipRow).toMatchObject({
      role: "org:admin",
      userId: user.id,
      organizationId: organization.id,
    });
    expect(emulator.webhooks.deliveries.map((d) => [d.type, d.status])).toEqual([
      ["user.created", 200],
      ["organization.created", 200],
      ["organizationMembership.created", 200],
      ["user.updated", 200],
    ]);
  });

  it("duplicates deliveries with the same svix-id on request", async () => {
    emulator.webhooks.configure({ duplicates: 2 });
    const before = emulator.webhooks.deliveries.length;
    emulator.state.createUser({ firstName: "Dup" });
    await emulator.webhooks.idle();
    const sent = emulator.webhooks.deliveries.slice(before);
    expect(new Set(sent.map((d) => d.svixId)).size).toBe(1);
    expect(sent.map((d) => d.body)).toEqual([
      { status: "processed", type: "user.created" },
      { status: "duplicate" },
      { status: "duplicate" },
    ]);
  });

  it("holds and reorders deliveries, and the database still converges", async () => {
    emulator.webhooks.hold();
    const user = emulator.state.createUser({ firstName: "First" });
    emulator.state.updateUser(user.id, { firstName: "Second" });
    emulator.state.updateUser(user.id, { firstName: "Third" });
    const organization = emulator.state.createOrganization({ name: "Late Org" });
    emulator.state.addMembership(organization.id, user.id);
    await emulator.webhooks.idle();
    expect(await userRow(user.id)).toBeUndefined();

    const before = emulator.webhooks.deliveries.length;
    emulator.webhooks.release("reverse");
    await emulator.webhooks.idle();
    const sent = emulator.webhooks.deliveries.slice(before);
    expect(sent.map((d) => d.type)).toEqual([
      "organizationMembership.created",
      "organization.created",
      "user.updated",
      "user.updated",
      "user.created",
    ]);
    expect(sent.filter((d) => (d.body as { status: string }).status === "stale")).toHaveLength(2);
    expect((await userRow(user.id))?.firstName).toBe("Third");
  });

  it("drops deliveries on request", async () => {
    emulator.webhooks.configure({ dropNext: 1 });
    const before = emulator.webhooks.deliveries.length;
    const dropped = emulator.state.createUser({ firstName: "Dropped" });
    const delivered = emulator.state.createUser({ firstName: "Delivered" });
    await emulator.webhooks.idle();
    expect(emulator.webhooks.deliveries.slice(before)).toHaveLength(1);
    expect(await userRow(dropped.id)).toBeUndefined();
    expect(await userRow(delivered.id)).toMatchObject({ firstName: "Delivered" });
  });

  it("retries a delivery the endpoint failed, as Svix does", async () => {
    failuresLeft = 2;
    const before = emulator.webhooks.deliveries.length;
    const user = emulator.state.createUser({ firstName: "Retried" });
    await emulator.webhooks.idle();
    expect(emulator.webhooks.deliveries.slice(before).map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(await userRow(user.id)).toMatchObject({ firstName: "Retried" });
  });

  it("retries a 4xx too, as Svix retries any answer but 2xx, up to Svix's eight attempts", async () => {
    failuresLeft = 100;
    failure = { status: 400 };
    const before = emulator.webhooks.deliveries.length;
    const user = emulator.state.createUser({ firstName: "Refused" });
    await emulator.webhooks.idle();
    const attempts = emulator.webhooks.deliveries.slice(before);
    expect(attempts.map((d) => [d.attempt, d.status])).toEqual(
      Array.from({ length: 8 }, (_, index) => [index + 1, 400]),
    );
    expect(await userRow(user.id)).toBeUndefined();
  });

  it("stops retrying a message whose answer says webhook-delivery: abort-message", async () => {
    failuresLeft = 100;
    failure = { status: 400, headers: { "webhook-delivery": "abort-message" } };
    const before = emulator.webhooks.deliveries.length;
    emulator.state.createUser({ firstName: "Aborted" });
    await emulator.webhooks.idle();
    expect(
      emulator.webhooks.deliveries.slice(before).map((d) => [d.attempt, d.status, d.aborted]),
    ).toEqual([[1, 400, true]]);
  });

  it("announces a user's deleted memberships before the user, and the sync tombstones it", async () => {
    const user = emulator.state.createUser({ firstName: "Leaving" });
    const organization = emulator.state.createOrganization({ name: "Stays" });
    emulator.state.addMembership(organization.id, user.id);
    await emulator.webhooks.idle();
    const before = emulator.webhooks.deliveries.length;
    emulator.state.deleteUser(user.id);
    await emulator.webhooks.idle();
    expect(emulator.webhooks.deliveries.slice(before).map((d) => d.type)).toEqual([
      "organizationMembership.deleted",
      "user.deleted",
    ]);
    expect((await userRow(user.id))?.deletedAt).toBeInstanceOf(Date);
    expect(
      await database.db
        .select()
        .from(organizationMemberships)
        .where(eq(organizationMemberships.userId, user.id)),
    ).toEqual([]);
  });
});

import {
  type DatabaseHandle,
  organizationMemberships,
  organizations,
  users,
  webhookEvents,
} from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { silentLogger } from "@crosswalk/log/testing";
import { inArray, like } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler, type WebhookHandler } from "../src/index.ts";
import {
  type ClerkEvent,
  clerkEvent,
  events,
  type MembershipState,
  newSvixId,
  type OrganizationState,
  type UserState,
} from "../src/testing/index.ts";
import { deliver, secret, signed } from "./support.ts";

// Random Clerk-side histories become the events Clerk would send; the events are delivered shuffled,
// duplicated and redelivered, and the database must end up equal to Clerk's final state.
// Replay a failure with FC_SEED=<seed> FC_PATH=<path> from the printed counterexample.

const userSlots = 3;
const organizationSlots = 2;
const roles = ["org:admin", "org:member", "org:viewer"];

type Operation =
  | { kind: "createUser" | "deleteUser"; user: number }
  | { kind: "updateUser"; user: number; firstName: string; email: string | null }
  | { kind: "createOrganization" | "deleteOrganization"; organization: number }
  | { kind: "updateOrganization"; organization: number; name: string }
  | { kind: "addMember" | "removeMember"; user: number; organization: number; role: string }
  | { kind: "changeRole"; user: number; organization: number; role: string }
  | { kind: "unrelatedEvent" };

const userSlot = fc.integer({ min: 0, max: userSlots - 1 });
const organizationSlot = fc.integer({ min: 0, max: organizationSlots - 1 });
const role = fc.constantFrom(...roles);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("createUser" as const), user: userSlot }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("deleteUser" as const), user: userSlot }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("updateUser" as const),
      user: userSlot,
      firstName: fc.constantFrom("Ann", "Bo", "Cy", "Di"),
      email: fc.option(fc.constantFrom("a@example.com", "b@example.com"), { nil: null }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("createOrganization" as const),
      organization: organizationSlot,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("deleteOrganization" as const),
      organization: organizationSlot,
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("updateOrganization" as const),
      organization: organizationSlot,
      name: fc.constantFrom("Acme", "Globex", "Initech"),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom("addMember" as const, "removeMember" as const),
      user: userSlot,
      organization: organizationSlot,
      role,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("changeRole" as const),
      user: userSlot,
      organization: organizationSlot,
      role,
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: "unrelatedEvent" as const }), weight: 1 },
);

interface ClerkModel {
  users: Map<string, { state: UserState; deleted: boolean }>;
  organizations: Map<string, { state: OrganizationState; deleted: boolean }>;
  memberships: Map<string, { state: MembershipState; deleted: boolean }>;
  events: ClerkEvent[];
}

/** Plays a history against an in-memory Clerk and returns its final state and the events it emitted. */
function simulate(history: number, operations: Operation[]): ClerkModel {
  const model: ClerkModel = {
    users: new Map(),
    organizations: new Map(),
    memberships: new Map(),
    events: [],
  };
  const liveUser = new Map<number, string>();
  const liveOrganization = new Map<number, string>();
  let clock = 1_700_000_000_000;
  let serial = 0;
  const tick = () => (clock += 1 + (serial % 7));
  const nextId = (prefix: string) => `${prefix}_h${history}n${++serial}`;
  const membershipOf = (userId: string, organizationId: string) =>
    [...model.memberships.values()].find(
      (m) => !m.deleted && m.state.user.id === userId && m.state.organization.id === organizationId,
    );
  const removeMembership = (membership: { state: MembershipState; deleted: boolean }) => {
    membership.deleted = true;
    model.events.push(events.membershipDeleted(membership.state, tick()));
  };

  for (const op of operations) {
    switch (op.kind) {
      case "createUser": {
        if (liveUser.has(op.user)) break;
        const now = tick();
        const state: UserState = {
          id: nextId("user"),
          email: `u${serial}@example.com`,
          firstName: "New",
          lastName: `User${op.user}`,
          username: null,
          imageUrl: null,
          createdAt: now,
          updatedAt: now,
        };
        liveUser.set(op.user, state.id);
        model.users.set(state.id, { state, deleted: false });
        model.events.push(events.userCreated(state));
        break;
      }
      case "updateUser": {
        const entry = model.users.get(liveUser.get(op.user) ?? "");
        if (!entry) break;
        entry.state = {
          ...entry.state,
          firstName: op.firstName,
          email: op.email,
          updatedAt: tick(),
        };
        model.events.push(events.userUpdated(entry.state));
        break;
      }
      case "deleteUser": {
        const entry = model.users.get(liveUser.get(op.user) ?? "");
        if (!entry) break;
        for (const membership of model.memberships.values()) {
          if (!membership.deleted && membership.state.user.id === entry.state.id)
            removeMembership(membership);
        }
        entry.deleted = true;
        liveUser.delete(op.user);
        model.events.push(events.userDeleted(entry.state.id, tick()));
        break;
      }
      case "createOrganization": {
        if (liveOrganization.has(op.organization)) break;
        const now = tick();
        const state: OrganizationState = {
          id: nextId("org"),
          name: `Org ${op.organization}`,
          slug: `org-${serial}`,
          imageUrl: null,
          createdAt: now,
          updatedAt: now,
        };
        liveOrganization.set(op.organization, state.id);
        model.organizations.set(state.id, { state, deleted: false });
        model.events.push(events.organizationCreated(state));
        break;
      }
      case "updateOrganization": {
        const entry = model.organizations.get(liveOrganization.get(op.organization) ?? "");
        if (!entry) break;
        entry.state = { ...entry.state, name: op.name, updatedAt: tick() };
        model.events.push(events.organizationUpdated(entry.state));
        break;
      }
      case "deleteOrganization": {
        const entry = model.organizations.get(liveOrganization.get(op.organization) ?? "");
        if (!entry) break;
        for (const membership of model.memberships.values()) {
          if (!membership.deleted && membership.state.organization.id === entry.state.id)
            removeMembership(membership);
        }
        entry.deleted = true;
        liveOrganization.delete(op.organization);
        model.events.push(events.organizationDeleted(entry.state, tick()));
        break;
      }
      case "addMember": {
        const user = model.users.get(liveUser.get(op.user) ?? "");
        const organization = model.organizations.get(liveOrganization.get(op.organization) ?? "");
        if (!user || !organization || membershipOf(user.state.id, organization.state.id)) break;
        const now = tick();
        const state: MembershipState = {
          id: nextId("orgmem"),
          role: op.role,
          user: user.state,
          organization: organization.state,
          createdAt: now,
          updatedAt: now,
        };
        model.memberships.set(state.id, { state, deleted: false });
        model.events.push(events.membershipCreated(state));
        break;
      }
      case "changeRole":
      case "removeMember": {
        const membership = membershipOf(
          liveUser.get(op.user) ?? "",
          liveOrganization.get(op.organization) ?? "",
        );
        if (!membership) break;
        if (op.kind === "removeMember") {
          removeMembership(membership);
          break;
        }
        membership.state = { ...membership.state, role: op.role, updatedAt: tick() };
        model.events.push(events.membershipUpdated(membership.state));
        break;
      }
      case "unrelatedEvent":
        model.events.push(
          clerkEvent("session.created", { object: "session", id: nextId("sess") }, tick()),
        );
        break;
    }
  }
  return model;
}

/** What the database must hold once every event has arrived, in Clerk's terms. */
function expectedRows(model: ClerkModel) {
  const userRows = [...model.users.values()].map(({ state, deleted }) => ({
    clerkId: state.id,
    email: deleted ? null : state.email,
    firstName: deleted ? null : state.firstName,
    deleted,
  }));
  const organizationRows = [...model.organizations.values()].map(({ state, deleted }) => ({
    clerkId: state.id,
    name: deleted ? null : state.name,
    deleted,
  }));
  const membershipRows = [...model.memberships.values()]
    .filter(
      ({ state }) =>
        !model.users.get(state.user.id)?.deleted &&
        !model.organizations.get(state.organization.id)?.deleted,
    )
    .map(({ state, deleted }) => ({
      clerkId: state.id,
      organizationId: state.organization.id,
      userId: state.user.id,
      role: deleted ? null : state.role,
      deleted,
    }));
  const byId = (a: { clerkId: string }, b: { clerkId: string }) =>
    a.clerkId.localeCompare(b.clerkId);
  return {
    users: userRows.sort(byId),
    organizations: organizationRows.sort(byId),
    memberships: membershipRows.sort(byId),
  };
}

async function actualRows(database: DatabaseHandle, history: number) {
  const idPattern = (prefix: string) => `${prefix}_h${history}n%`;
  const byId = (a: { clerkId: string }, b: { clerkId: string }) =>
    a.clerkId.localeCompare(b.clerkId);
  const userRows = await database.db
    .select()
    .from(users)
    .where(like(users.clerkId, idPattern("user")));
  const organizationRows = await database.db
    .select()
    .from(organizations)
    .where(like(organizations.clerkId, idPattern("org")));
  const membershipRows = await database.db
    .select()
    .from(organizationMemberships)
    .where(like(organizationMemberships.clerkId, idPattern("orgmem")));
  return {
    users: userRows
      .map((row) => ({
        clerkId: row.clerkId,
        email: row.email,
        firstName: row.firstName,
        deleted: row.deletedAt !== null,
      }))
      .sort(byId),
    organizations: organizationRows
      .map((row) => ({ clerkId: row.clerkId, name: row.name, deleted: row.deletedAt !== null }))
      .sort(byId),
    memberships: membershipRows
      .map((row) => ({
        clerkId: row.clerkId,
        organizationId: row.organizationId,
        userId: row.userId,
        role: row.role,
        deleted: row.deletedAt !== null,
      }))
      .sort(byId),
  };
}

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const path = process.env.FC_PATH;

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "sync converges to Clerk's state on $kind",
  (target) => {
    let database: DatabaseHandle;
    let handler: WebhookHandler;
    let history = 0;

    beforeAll(async () => {
      database = await target.open();
      handler = createWebhookHandler({ db: database.db, signingSecret: secret, log: silentLogger });
    });
    afterAll(() => database.close());

    const numRuns = Number(process.env.FC_NUM_RUNS ?? (target.kind === "pglite" ? 2_000 : 1_000));

    it(`for ${numRuns} random histories delivered shuffled, duplicated and redelivered`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(operation, { minLength: 1, maxLength: 14 }),
          fc.gen(),
          async (operations, g) => {
            history += 1;
            const model = simulate(history, operations);
            const deliveries = model.events.map((event) => ({ svixId: newSvixId(), event }));
            const order = g(fc.shuffledSubarray, deliveries, {
              minLength: deliveries.length,
              maxLength: deliveries.length,
            });
            const duplicates = g(fc.subarray, deliveries);
            const schedule = g(fc.shuffledSubarray, [...order, ...duplicates], {
              minLength: order.length + duplicates.length,
              maxLength: order.length + duplicates.length,
            });
            const seen = new Set<string>();
            for (const { svixId, event } of schedule) {
              // A redelivery is signed anew by Svix with the same svix-id.
              const response = await deliver(handler, signed(event, { svixId }));
              expect(response.status).toBe(200);
              if (seen.has(svixId)) expect(response.body).toEqual({ status: "duplicate" });
              else expect(response.body).not.toEqual({ status: "duplicate" });
              seen.add(svixId);
            }
            for (const { svixId, event } of g(fc.subarray, deliveries)) {
              expect((await deliver(handler, signed(event, { svixId }))).body).toEqual({
                status: "duplicate",
              });
            }
            expect(await actualRows(database, history)).toEqual(expectedRows(model));
            const recorded = await database.db
              .select({ svixId: webhookEvents.svixId })
              .from(webhookEvents)
              .where(inArray(webhookEvents.svixId, [...seen]));
            expect(recorded).toHaveLength(seen.size);
          },
        ),
        { numRuns, seed, path },
      );
    }, 900_000);
  },
);

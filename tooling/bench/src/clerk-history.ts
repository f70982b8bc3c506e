import type { organizationMemberships, organizations, users } from "@crosswalk/db";
import {
  type ClerkEvent,
  events,
  type MembershipState,
  type OrganizationState,
  type UserState,
} from "@crosswalk/webhooks/testing";

// A random Clerk-side history at scale, and the rows the sync must hold once all of its events have arrived:
// the bench's own small model, on the idea of packages/webhooks' model test.

interface Entry<T> {
  state: T;
  deleted: boolean;
}

export interface ClerkHistory {
  users: Map<string, Entry<UserState>>;
  organizations: Map<string, Entry<OrganizationState>>;
  memberships: Map<string, Entry<MembershipState>>;
  /** In Clerk's order, each with a newer timestamp than the one before. */
  events: ClerkEvent[];
}

type Operation =
  | "createUser"
  | "updateUser"
  | "deleteUser"
  | "createOrganization"
  | "updateOrganization"
  | "deleteOrganization"
  | "addMember"
  | "changeRole"
  | "removeMember";

const roles = ["org:admin", "org:member", "org:viewer"];
const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const maybe = <T>(value: T, share = 0.8): T | null => (Math.random() < share ? value : null);

/** How often each operation comes up for every user in the history (organizations: one per 40 users). */
function operationsFor(userCount: number): Operation[] {
  const organizationCount = Math.max(2, Math.round(userCount / 40));
  const counts: [Operation, number][] = [
    ["createUser", userCount],
    ["updateUser", userCount * 2.5],
    ["deleteUser", userCount * 0.05],
    ["createOrganization", organizationCount],
    ["updateOrganization", organizationCount * 2],
    ["deleteOrganization", Math.max(1, organizationCount * 0.06)],
    ["addMember", userCount * 1.5],
    ["changeRole", userCount * 0.5],
    ["removeMember", userCount * 0.15],
  ];
  return counts.flatMap(([operation, count]) => Array(Math.round(count)).fill(operation));
}

/**
 * Creates lean to the start of the history, so most updates, leaves and deletes find something to act on; one
 * that finds nothing is left out, as Clerk sends nothing for it.
 */
function scheduled(operations: Operation[]): Operation[] {
  const at = (operation: Operation) => Math.random() * (operation.startsWith("create") ? 0.6 : 1);
  return operations
    .map((operation) => ({ operation, at: at(operation) }))
    .sort((a, b) => a.at - b.at)
    .map(({ operation }) => operation);
}

/** Plays a history of about six events per user against an in-memory Clerk. */
export function simulateHistory(run: string, userCount: number): ClerkHistory {
  const history: ClerkHistory = {
    users: new Map(),
    organizations: new Map(),
    memberships: new Map(),
    events: [],
  };
  let clock = 1_700_000_000_000;
  let serial = 0;
  const tick = () => (clock += 1 + (serial % 5));
  const nextId = (prefix: string) => `${prefix}_bench${run}n${++serial}`;
  const live = <T>(entries: Map<string, Entry<T>>) =>
    [...entries.values()].filter((entry) => !entry.deleted);
  const liveUsers = () => live(history.users);
  const liveOrganizations = () => live(history.organizations);
  const liveMemberships = () => live(history.memberships);
  const emit = (event: ClerkEvent) => history.events.push(event);
  // Clerk sends a membership's deletion before its user's or organization's.
  const removeMemberships = (belongs: (membership: MembershipState) => boolean) => {
    for (const membership of liveMemberships().filter((entry) => belongs(entry.state))) {
      membership.deleted = true;
      emit(events.membershipDeleted(membership.state, tick()));
    }
  };

  const play: Record<Operation, () => void> = {
    createUser() {
      const now = tick();
      const id = nextId("user");
      const state: UserState = {
        id,
        email: `${id}@example.com`,
        firstName: "New",
        lastName: maybe(`User ${serial}`),
        username: maybe(`u${serial}`, 0.3),
        imageUrl: null,
        createdAt: now,
        updatedAt: now,
      };
      history.users.set(id, { state, deleted: false });
      emit(events.userCreated(state));
    },
    updateUser() {
      const entry = pick(liveUsers());
      if (!entry) return;
      entry.state = {
        ...entry.state,
        email: maybe(`renamed${serial}@example.com`, 0.9),
        firstName: maybe(`Name ${serial}`),
        lastName: maybe(`Last ${serial}`),
        imageUrl: maybe(`https://img.example.com/${serial}.png`, 0.5),
        updatedAt: tick(),
      };
      emit(events.userUpdated(entry.state));
    },
    deleteUser() {
      const entry = pick(liveUsers());
      if (!entry) return;
      removeMemberships((membership) => membership.user.id === entry.state.id);
      entry.deleted = true;
      emit(events.userDeleted(entry.state.id, tick()));
    },
    createOrganization() {
      const now = tick();
      const id = nextId("org");
      const state: OrganizationState = {
        id,
        name: `Org ${serial}`,
        slug: `org-${serial}`,
        imageUrl: null,
        createdAt: now,
        updatedAt: now,
      };
      history.organizations.set(id, { state, deleted: false });
      emit(events.organizationCreated(state));
    },
    updateOrganization() {
      const entry = pick(liveOrganizations());
      if (!entry) return;
      entry.state = {
        ...entry.state,
        name: `Renamed ${serial}`,
        slug: maybe(`renamed-${serial}`),
        imageUrl: maybe(`https://img.example.com/org${serial}.png`, 0.5),
        updatedAt: tick(),
      };
      emit(events.organizationUpdated(entry.state));
    },
    deleteOrganization() {
      const entry = pick(liveOrganizations());
      if (!entry) return;
      removeMemberships((membership) => membership.organization.id === entry.state.id);
      entry.deleted = true;
      emit(events.organizationDeleted(entry.state, tick()));
    },
    addMember() {
      const user = pick(liveUsers());
      const organization = pick(liveOrganizations());
      if (!user || !organization) return;
      const joined = liveMemberships().some(
        ({ state }) =>
          state.user.id === user.state.id && state.organization.id === organization.state.id,
      );
      if (joined) return;
      const now = tick();
      const state: MembershipState = {
        id: nextId("orgmem"),
        role: pick(roles) ?? "org:member",
        user: user.state,
        organization: organization.state,
        createdAt: now,
        updatedAt: now,
      };
      history.memberships.set(state.id, { state, deleted: false });
      emit(events.membershipCreated(state));
    },
    changeRole() {
      const entry = pick(liveMemberships());
      if (!entry) return;
      entry.state = { ...entry.state, role: pick(roles) ?? "org:member", updatedAt: tick() };
      emit(events.membershipUpdated(entry.state));
    },
    removeMember() {
      const leaving = pick(liveMemberships())?.state;
      if (leaving) removeMemberships((membership) => membership === leaving);
    },
  };
  for (const operation of scheduled(operationsFor(userCount))) play[operation]();
  return history;
}

/** Each row as the comparison sees it: keyed by table and Clerk id, the synced fields as text. */
export type Rows = Map<string, string>;

type UserRow = typeof users.$inferSelect;
type OrganizationRow = typeof organizations.$inferSelect;
type MembershipRow = typeof organizationMemberships.$inferSelect;

// A tombstone keeps the version of whichever update landed before it, so a deleted row's is not compared.
const fields = (values: unknown[], deleted: boolean, version: number | undefined) =>
  JSON.stringify([...values, deleted, deleted ? null : (version ?? null)]);
const userFields = (row: Omit<UserState, "id" | "createdAt" | "updatedAt">) => [
  row.email,
  row.firstName,
  row.lastName,
  row.username,
  row.imageUrl,
];
const organizationFields = (row: {
  name: string | null;
  slug: string | null;
  imageUrl: string | null;
}) => [row.name, row.slug, row.imageUrl];

/** What the database must hold once every event has arrived: tombstones for what Clerk deleted. */
export function expectedRows(history: ClerkHistory): Rows {
  const rows: Rows = new Map();
  const none = { email: null, firstName: null, lastName: null, username: null, imageUrl: null };
  for (const { state, deleted } of history.users.values())
    rows.set(
      `users ${state.id}`,
      fields(userFields(deleted ? none : state), deleted, state.updatedAt),
    );
  for (const { state, deleted } of history.organizations.values())
    rows.set(
      `organizations ${state.id}`,
      fields(
        organizationFields(deleted ? { name: null, slug: null, imageUrl: null } : state),
        deleted,
        state.updatedAt,
      ),
    );
  for (const { state, deleted } of history.memberships.values()) {
    // Deleting a user or an organization removes its memberships' rows outright.
    if (history.users.get(state.user.id)?.deleted) continue;
    if (history.organizations.get(state.organization.id)?.deleted) continue;
    const values = [state.organization.id, state.user.id, deleted ? null : state.role];
    rows.set(`organization_memberships ${state.id}`, fields(values, deleted, state.updatedAt));
  }
  return rows;
}

/** The database's rows in the same terms as {@link expectedRows}. */
export function actualRows(tables: {
  users: UserRow[];
  organizations: OrganizationRow[];
  memberships: MembershipRow[];
}): Rows {
  const rows: Rows = new Map();
  const row = (values: unknown[], at: { clerkUpdatedAt: Date | null; deletedAt: Date | null }) =>
    fields(values, at.deletedAt !== null, at.clerkUpdatedAt?.getTime());
  for (const user of tables.users) rows.set(`users ${user.clerkId}`, row(userFields(user), user));
  for (const organization of tables.organizations)
    rows.set(
      `organizations ${organization.clerkId}`,
      row(organizationFields(organization), organization),
    );
  for (const membership of tables.memberships)
    rows.set(
      `organization_memberships ${membership.clerkId}`,
      row([membership.organizationId, membership.userId, membership.role], membership),
    );
  return rows;
}

/** The rows that differ, are missing or should not be there. */
export function divergentRows(expected: Rows, actual: Rows): string[] {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  return [...keys].filter((key) => expected.get(key) !== actual.get(key));
}

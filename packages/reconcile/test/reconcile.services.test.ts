import { createClerkClient } from "@clerk/backend";
import { type ClerkEmulator, startClerkEmulator } from "@crosswalk/clerk-emulator";
import {
  type Database,
  type DatabaseHandle,
  organizationMemberships,
  organizations,
  type SyncedMembership,
  type SyncedOrganization,
  type SyncedUser,
  updateProfile,
  upsertMemberships,
  upsertOrganizations,
  upsertUsers,
  userProfiles,
  users,
} from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import type { MembershipState, OrganizationState, UserState } from "@crosswalk/webhooks/testing";
import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackendSource, MassTombstoneRefused, reconcile } from "../src/index.ts";

const clerkUsers = 10_000;
const clerkOrganizations = 50;
const pagesOf = (count: number) => Math.floor(count / 500) + 1;

const syncedUser = (user: UserState, changes: Partial<SyncedUser> = {}): SyncedUser => ({
  clerkId: user.id,
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  username: user.username,
  imageUrl: user.imageUrl,
  updatedAt: new Date(user.updatedAt),
  ...changes,
});
const syncedOrganization = (
  organization: OrganizationState,
  changes: Partial<SyncedOrganization> = {},
): SyncedOrganization => ({
  clerkId: organization.id,
  name: organization.name,
  slug: organization.slug,
  imageUrl: organization.imageUrl,
  updatedAt: new Date(organization.updatedAt),
  ...changes,
});
const syncedMembership = (
  membership: MembershipState,
  changes: Partial<SyncedMembership> = {},
): SyncedMembership => ({
  clerkId: membership.id,
  organizationId: membership.organization.id,
  userId: membership.user.id,
  role: membership.role,
  updatedAt: new Date(membership.updatedAt),
  ...changes,
});

async function writeInPages<T>(
  rows: T[],
  write: (page: T[]) => Promise<unknown>,
  size = 1_000,
): Promise<void> {
  for (let offset = 0; offset < rows.length; offset += size)
    await write(rows.slice(offset, offset + size));
}

/** Every row of the three synced tables, to show a run changed nothing. */
async function snapshot(db: Database) {
  return {
    users: await db.select().from(users).orderBy(users.clerkId),
    organizations: await db.select().from(organizations).orderBy(organizations.clerkId),
    memberships: await db
      .select()
      .from(organizationMemberships)
      .orderBy(organizationMemberships.clerkId),
  };
}

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "reconcile on $kind",
  (target) => {
    let emulator: ClerkEmulator;
    let database: DatabaseHandle;
    let clerk: ReturnType<typeof createClerkClient>;
    const goneUsers = Array.from(
      { length: 200 },
      (_, index) => `user_2reconcileGone${String(index).padStart(8, "0")}`,
    );
    let goneOrganizations: OrganizationState[];
    let removedMemberships: MembershipState[];

    beforeAll(async () => {
      emulator = await startClerkEmulator();
      database = await target.open();
      clerk = createClerkClient({
        secretKey: emulator.env.CLERK_SECRET_KEY,
        apiUrl: emulator.apiUrl,
      });
      const state = emulator.state;
      for (let index = 0; index < clerkUsers; index += 1)
        state.createUser({
          firstName: `First${index}`,
          lastName: `Last${index}`,
          email: `u${index}@example.com`,
        });
      for (let index = 0; index < clerkOrganizations + 3; index += 1)
        state.createOrganization({ name: `Org ${index}` });
      const allUsers = [...state.users.values()];
      const allOrganizations = [...state.organizations.values()];
      allUsers.forEach((user, index) => {
        const organization = allOrganizations[index % clerkOrganizations] as OrganizationState;
        state.addMembership(
          organization.id,
          user.id,
          index % 10 === 0 ? "org:admin" : "org:member",
        );
      });
      // Three organizations and 100 memberships the database got while Clerk still had them.
      goneOrganizations = allOrganizations.slice(clerkOrganizations);
      const extraMembers = allUsers.slice(0, 30);
      for (const [index, user] of extraMembers.entries())
        state.addMembership((goneOrganizations[index % 3] as OrganizationState).id, user.id);
      removedMemberships = allUsers
        .slice(1_000, 1_100)
        .map((user) => state.addMembership(allOrganizations[49]!.id, user.id));
      const allMemberships = [...state.memberships.values()];

      // Drift in users: 9,000 synced, 500 of them at an older version; 1,000 never arrived; 200 the
      // database has were deleted in Clerk while webhooks were down.
      await writeInPages(
        allUsers.slice(0, 9_000).map((user, index) =>
          index < 500
            ? syncedUser(user, {
                firstName: "Outdated",
                updatedAt: new Date(user.updatedAt - 60_000),
              })
            : syncedUser(user),
        ),
        (page) => upsertUsers(database.db, page),
      );
      await upsertUsers(
        database.db,
        goneUsers.map((clerkId) => ({
          clerkId,
          email: "gone@example.com",
          firstName: "Gone",
          lastName: null,
          username: null,
          imageUrl: null,
          updatedAt: new Date(1),
        })),
      );
      // Organizations: 40 synced, 5 under an old name; 10 never arrived; the 3 extras are deleted below.
      await upsertOrganizations(database.db, [
        ...allOrganizations.slice(0, 40).map((organization, index) =>
          index < 5
            ? syncedOrganization(organization, {
                name: "Renamed since",
                updatedAt: new Date(organization.updatedAt - 60_000),
              })
            : syncedOrganization(organization),
        ),
        ...goneOrganizations.map((organization) => syncedOrganization(organization)),
      ]);
      // Memberships: the first 8,000 synced, 300 of them with an old role; the rest never arrived; a
      // membership of a deleted user; the extras and the 100 removed below.
      await writeInPages(
        [
          ...allMemberships.slice(0, 8_000).map((membership, index) =>
            index < 300
              ? syncedMembership(membership, {
                  role: "org:previous",
                  updatedAt: new Date(membership.updatedAt - 60_000),
                })
              : syncedMembership(membership),
          ),
          ...allMemberships.slice(clerkUsers).map((membership) => syncedMembership(membership)),
          {
            clerkId: "orgmem_2reconcileGoneUser000000000",
            organizationId: allOrganizations[0]!.id,
            userId: goneUsers[0]!,
            role: "org:member",
            updatedAt: new Date(1),
          },
        ],
        (page) => database.db.transaction((tx) => upsertMemberships(tx, page)),
      );
      for (const organization of goneOrganizations) state.deleteOrganization(organization.id);
      for (const membership of removedMemberships) state.removeMembership(membership.id);

      await updateProfile(database.db, goneUsers[0]!, { bio: "will go with the user" });
      await updateProfile(database.db, allUsers[600]!.id, { bio: "app-owned, must stay" });
    });
    afterAll(async () => {
      await emulator?.close();
      await database?.close();
    });

    it("counts in a dry run what a run would change, writing nothing", async () => {
      const before = await snapshot(database.db);
      const summary = await reconcile({ db: database.db, source: clerk, dryRun: true });
      expect(summary).toEqual({
        // 500 outdated and 1,000 never synced; the 200 deleted in Clerk.
        users: {
          total: clerkUsers,
          fetched: clerkUsers,
          written: 1_500,
          tombstoned: goneUsers.length,
          confirmedPresent: 0,
        },
        // 5 renamed and 10 never synced; the 3 deleted.
        organizations: {
          total: clerkOrganizations,
          fetched: clerkOrganizations,
          written: 15,
          tombstoned: 3,
          confirmedPresent: 0,
        },
        // 300 with an old role and 2,000 never synced; the 100 removed (the extras went with their
        // organizations, the deleted user's with the user).
        memberships: {
          total: clerkUsers,
          fetched: clerkUsers,
          written: 2_300,
          tombstoned: 100,
          confirmedPresent: 0,
        },
      });
      expect(await snapshot(database.db)).toEqual(before);
    });

    it("survives an interruption and converges to Clerk's users, organizations and memberships on the next run", async () => {
      await expect(
        reconcile({
          db: database.db,
          source: clerk,
          // In the second pass, which writes: the first only lists.
          onProgress: ({ table, pass, page }) => {
            if (table === "memberships" && pass === 2 && page === 3) throw new Error("interrupted");
          },
        }),
      ).rejects.toThrow("interrupted");

      const progress: string[] = [];
      const summary = await reconcile({
        db: database.db,
        source: clerk,
        onProgress: ({ table, fetched }) => progress.push(`${table} ${fetched}`),
      });
      expect(summary.users).toMatchObject({ fetched: clerkUsers, tombstoned: goneUsers.length });
      expect(summary.organizations).toMatchObject({ fetched: clerkOrganizations, tombstoned: 3 });
      expect(summary.memberships).toMatchObject({ fetched: clerkUsers, tombstoned: 100 });
      // Full pages of 500, then the short page that says the listing has ended; each listing twice.
      expect(progress).toHaveLength(2 * (pagesOf(clerkUsers) * 2 + pagesOf(clerkOrganizations)));
      expect(progress.at(-1)).toBe(`memberships ${clerkUsers}`);

      const state = emulator.state;
      const live = await database.db.select().from(users).where(isNull(users.deletedAt));
      expect(live).toHaveLength(clerkUsers);
      const userRows = new Map(live.map((row) => [row.clerkId, row]));
      for (const user of state.users.values())
        expect(userRows.get(user.id)).toMatchObject({
          firstName: user.firstName,
          email: user.email,
          clerkUpdatedAt: new Date(user.updatedAt),
        });
      const [gone] = await database.db.select().from(users).where(eq(users.clerkId, goneUsers[0]!));
      expect(gone).toMatchObject({ email: null, firstName: null });
      expect(gone?.deletedAt).toBeInstanceOf(Date);
      const profiles = await database.db.select().from(userProfiles);
      expect(profiles.map((profile) => profile.bio)).toEqual(["app-owned, must stay"]);

      const organizationRows = await database.db.select().from(organizations);
      expect(
        organizationRows
          .filter((row) => !row.deletedAt)
          .map((row) => [row.clerkId, row.name, row.clerkUpdatedAt?.getTime()])
          .sort(),
      ).toEqual([...state.organizations.values()].map((o) => [o.id, o.name, o.updatedAt]).sort());
      expect(
        organizationRows
          .filter((row) => row.deletedAt)
          .map((row) => row.clerkId)
          .sort(),
      ).toEqual(goneOrganizations.map((organization) => organization.id).sort());

      const membershipRows = await database.db
        .select()
        .from(organizationMemberships)
        .where(isNull(organizationMemberships.deletedAt));
      expect(
        membershipRows.map((row) => [row.clerkId, row.userId, row.organizationId, row.role]).sort(),
      ).toEqual(
        [...state.memberships.values()]
          .map((m) => [m.id, m.user.id, m.organization.id, m.role])
          .sort(),
      );
      const removed = await database.db
        .select()
        .from(organizationMemberships)
        .where(eq(organizationMemberships.clerkId, removedMemberships[0]!.id));
      expect(removed).toMatchObject([{ role: null, deletedAt: expect.any(Date) }]);
    });

    it("changes nothing on a re-run", async () => {
      const before = await snapshot(database.db);
      const summary = await reconcile({ db: database.db, source: clerk });
      for (const counts of Object.values(summary))
        expect(counts).toMatchObject({ written: 0, tombstoned: 0, confirmedPresent: 0 });
      expect((await snapshot(database.db)).memberships).toEqual(before.memberships);
    });

    it("waits out a 429's Retry-After and carries on from the page it was on", async () => {
      const waits: number[] = [];
      const pages: string[] = [];
      const summary = await reconcile({
        db: database.db,
        source: clerk,
        sleep: async (ms) => {
          waits.push(ms);
        },
        onProgress: ({ table, pass, page }) => {
          pages.push(`${pass}: ${table} ${page}`);
          if (page === 2) emulator.backend.faults = { status: 429, times: 1, retryAfterSeconds: 3 };
        },
      });
      // Once in each listing that has a second page, in each pass.
      expect(waits).toEqual([3_000, 3_000, 3_000, 3_000]);
      const numbered = (pass: number, table: string, count: number) =>
        Array.from({ length: pagesOf(count) }, (_, index) => `${pass}: ${table} ${index + 1}`);
      const listings = (pass: number) => [
        ...numbered(pass, "users", clerkUsers),
        ...numbered(pass, "organizations", clerkOrganizations),
        ...numbered(pass, "memberships", clerkUsers),
      ];
      expect(pages).toEqual([...listings(1), ...listings(2)]);
      expect(summary.users).toMatchObject({ fetched: clerkUsers, written: 0, tombstoned: 0 });
    });

    it("backs off on a Backend API 5xx a few times, then gives up without writing", async () => {
      const waits: number[] = [];
      const sleep = async (ms: number) => {
        waits.push(ms);
      };
      const summary = await reconcile({
        db: database.db,
        source: clerk,
        sleep,
        onProgress: ({ table, pass, page }) => {
          // After the last page of users: the next request lists the organizations.
          if (table === "users" && pass === 1 && page === pagesOf(clerkUsers))
            emulator.backend.faults = { status: 503, times: 2 };
        },
      });
      expect(summary.users).toMatchObject({ fetched: clerkUsers, tombstoned: 0 });
      expect(waits).toEqual([1_000, 2_000]);

      waits.length = 0;
      const renamed = emulator.state.updateOrganization(
        emulator.state.organizations.keys().next().value as string,
        { name: "Renamed in an outage" },
      );
      let calls = 0;
      try {
        await expect(
          reconcile({
            db: database.db,
            source: clerk,
            sleep,
            onProgress: ({ table }) => {
              calls += 1;
              if (table === "memberships") emulator.backend.faults = { status: 503 };
            },
          }),
        ).rejects.toMatchObject({ status: 503 });
      } finally {
        emulator.backend.faults = {};
      }
      expect(calls).toBe(pagesOf(clerkUsers) + pagesOf(clerkOrganizations) + 1);
      expect(waits).toEqual([1_000, 2_000, 4_000]);
      // Listed, but the run failed before writing anything.
      const [row] = await database.db
        .select()
        .from(organizations)
        .where(eq(organizations.clerkId, renamed.id));
      expect(row?.name).not.toBe("Renamed in an outage");
      expect((await reconcile({ db: database.db, source: clerk })).organizations.written).toBe(1);
    });

    it("tombstones only on the Backend API's resource_not_found, not on any 404", async () => {
      const orphan = "user_2reconcileProxy404000000000";
      await upsertUsers(database.db, [
        {
          clerkId: orphan,
          email: null,
          firstName: "Orphan",
          lastName: null,
          username: null,
          imageUrl: null,
          updatedAt: new Date(1),
        },
      ]);
      const behindAProxy: BackendSource = {
        users: {
          getUserList: (params) => clerk.users.getUserList(params),
          // A 404 from something in between (a proxy, a wrong path) says nothing about the user.
          getUser: () => Promise.reject(Object.assign(new Error("Not Found"), { status: 404 })),
        },
        organizations: clerk.organizations,
      };
      await expect(reconcile({ db: database.db, source: behindAProxy })).rejects.toThrow(
        "Not Found",
      );
      const [row] = await database.db.select().from(users).where(eq(users.clerkId, orphan));
      expect(row?.deletedAt).toBeNull();
      // The Backend API's own answer for the same user does tombstone it.
      expect((await reconcile({ db: database.db, source: clerk })).users.tombstoned).toBe(1);
    });

    it("keeps a user, an organization and a membership the listing missed but the Backend API still has", async () => {
      const state = emulator.state;
      const [user] = state.users.values();
      const [organization] = state.organizations.values();
      const [membership] = state.memberships.values();
      // Listings that shifted while they were paged: one row of each never shows up.
      const missing = new Set([user!.id, organization!.id, membership!.id]);
      const shifted = async <T extends { id: string }>(
        list: (params: { limit: number; offset: number; orderBy: "+created_at" }) => Promise<{
          data: T[];
          totalCount: number;
        }>,
      ) => {
        const listed: T[] = [];
        for (let offset = 0; ; offset += 500) {
          const { data } = await list({ limit: 500, offset, orderBy: "+created_at" });
          listed.push(...data.filter((row) => !missing.has(row.id)));
          if (data.length < 500) break;
        }
        return async ({ limit, offset }: { limit: number; offset: number }) => ({
          data: listed.slice(offset, offset + limit),
          totalCount: listed.length,
        });
      };
      const source: BackendSource = {
        users: {
          getUserList: await shifted((params) => clerk.users.getUserList(params)),
          getUser: (id) => clerk.users.getUser(id),
        },
        organizations: {
          getOrganizationList: await shifted((params) =>
            clerk.organizations.getOrganizationList(params),
          ),
          getOrganization: (params) => clerk.organizations.getOrganization(params),
          getInstanceOrganizationMembershipList: await shifted((params) =>
            clerk.organizations.getInstanceOrganizationMembershipList(params),
          ),
          getOrganizationMembershipList: (params) =>
            clerk.organizations.getOrganizationMembershipList(params),
        },
      };
      const summary = await reconcile({ db: database.db, source });
      for (const counts of Object.values(summary))
        expect(counts).toMatchObject({ tombstoned: 0, confirmedPresent: 1 });
      const before = await snapshot(database.db);
      expect(before.users.find((row) => row.clerkId === user!.id)?.deletedAt).toBeNull();
      expect(
        before.organizations.find((row) => row.clerkId === organization!.id)?.deletedAt,
      ).toBeNull();
      expect(
        before.memberships.find((row) => row.clerkId === membership!.id)?.deletedAt,
      ).toBeNull();
    });

    it("finds a member removed and added again: the old membership goes, the new one arrives", async () => {
      const state = emulator.state;
      const [first] = state.memberships.values();
      state.removeMembership(first!.id);
      const again = state.addMembership(first!.organization.id, first!.user.id, "org:admin");
      const summary = await reconcile({ db: database.db, source: clerk });
      expect(summary.memberships).toMatchObject({ written: 1, tombstoned: 1 });
      const rows = await database.db
        .select()
        .from(organizationMemberships)
        .where(eq(organizationMemberships.userId, first!.user.id));
      expect(rows.map((row) => [row.clerkId, row.role]).sort()).toEqual(
        [
          [first!.id, null],
          [again.id, "org:admin"],
        ].sort(),
      );
    });

    it("stops before writing anything when a small database shares no row with the instance", async () => {
      const mirror = await target.open();
      const foreign = await startClerkEmulator();
      try {
        // Within the size guard's allowance of 10 a table: only the listing sharing nothing gives the key away.
        const ours = [...emulator.state.users.values()].slice(0, 3);
        const [ourOrganization] = emulator.state.organizations.values();
        const ourMemberships = ours.map((user, index) => ({
          clerkId: `orgmem_2reconcileSmall${index}`,
          organizationId: ourOrganization!.id,
          userId: user.id,
          role: "org:member",
          updatedAt: new Date(1),
        }));
        await upsertUsers(
          mirror.db,
          ours.map((user) => syncedUser(user)),
        );
        await upsertOrganizations(mirror.db, [syncedOrganization(ourOrganization!)]);
        await mirror.db.transaction((tx) => upsertMemberships(tx, ourMemberships));
        const theirOrganization = foreign.state.createOrganization({ name: "Theirs" });
        for (let index = 0; index < 5; index += 1)
          foreign.state.addMembership(theirOrganization.id, foreign.state.createUser().id);
        const foreignClerk = createClerkClient({
          secretKey: foreign.env.CLERK_SECRET_KEY,
          apiUrl: foreign.apiUrl,
        });
        const before = await snapshot(mirror.db);
        for (const dryRun of [false, true]) {
          const refused = reconcile({ db: mirror.db, source: foreignClerk, dryRun });
          await expect(refused).rejects.toBeInstanceOf(MassTombstoneRefused);
          await expect(refused).rejects.toMatchObject({
            tables: [
              { table: "users", live: 3, missing: 3, allowed: 10, sharesNone: true },
              { table: "organizations", live: 1, missing: 1, allowed: 10, sharesNone: true },
              { table: "memberships", live: 3, missing: 3, allowed: 10, sharesNone: true },
            ],
          });
        }
        expect(await snapshot(mirror.db)).toEqual(before);
      } finally {
        await foreign.close();
        await mirror.close();
      }
    });

    it("stops before writing anything when the key is another instance's", async () => {
      const mirror = await target.open();
      const foreign = await startClerkEmulator();
      try {
        const ours = [...emulator.state.users.values()].slice(0, 40);
        const ourOrganizations = [...emulator.state.organizations.values()].slice(0, 12);
        await upsertUsers(
          mirror.db,
          ours.map((user) => syncedUser(user)),
        );
        await upsertOrganizations(
          mirror.db,
          ourOrganizations.map((organization) => syncedOrganization(organization)),
        );
        for (let index = 0; index < 60; index += 1) foreign.state.createUser();
        foreign.state.createOrganization({ name: "Theirs" });
        const foreignClerk = createClerkClient({
          secretKey: foreign.env.CLERK_SECRET_KEY,
          apiUrl: foreign.apiUrl,
        });
        const before = await snapshot(mirror.db);
        const refused = reconcile({ db: mirror.db, source: foreignClerk });
        await expect(refused).rejects.toBeInstanceOf(MassTombstoneRefused);
        await expect(refused).rejects.toMatchObject({
          tables: [
            { table: "users", live: 40, missing: 40, allowed: 10 },
            { table: "organizations", live: 12, missing: 12, allowed: 10 },
          ],
        });
        // Nothing written: no tombstones, and none of the other instance's rows either.
        expect(await snapshot(mirror.db)).toEqual(before);

        // An operator who has checked the key goes ahead on purpose.
        const forced = await reconcile({
          db: mirror.db,
          source: foreignClerk,
          allowMassTombstone: true,
        });
        expect(forced.users.tombstoned).toBe(40);
        expect(forced.organizations.tombstoned).toBe(12);
      } finally {
        await foreign.close();
        await mirror.close();
      }
    });
  },
);

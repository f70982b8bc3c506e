import { createClerkClient } from "@clerk/backend";
import { type ClerkEmulator, startClerkEmulator } from "@crosswalk/clerk-emulator";
import {
  type DatabaseHandle,
  organizationMemberships,
  syncedUserFromBackend,
  updateProfile,
  upsertMembership,
  upsertUsers,
  userProfiles,
  users,
} from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MassTombstoneRefused, reconcileUsers } from "../src/index.ts";

const clerkUsers = 10_000;

describe.each(testDatabaseTargets(process.env.TEST_DATABASE_URL))(
  "reconcile on $kind",
  (target) => {
    let emulator: ClerkEmulator;
    let database: DatabaseHandle;
    let clerk: ReturnType<typeof createClerkClient>;
    const extras = Array.from(
      { length: 200 },
      (_, index) => `user_2reconcileExtra${String(index).padStart(8, "0")}`,
    );

    beforeAll(async () => {
      emulator = await startClerkEmulator();
      database = await target.open();
      clerk = createClerkClient({
        secretKey: emulator.env.CLERK_SECRET_KEY,
        apiUrl: emulator.apiUrl,
      });
      for (let index = 0; index < clerkUsers; index += 1) {
        emulator.state.createUser({
          firstName: `First${index}`,
          lastName: `Last${index}`,
          email: `u${index}@example.com`,
        });
      }
      const all = [...emulator.state.users.values()];
      // Drift: the first 9,000 users were synced, 500 of them with an older version; 1,000 never arrived;
      // 200 users the database has were deleted in Clerk while webhooks were down.
      const synced = all.slice(0, 9_000).map((user, index) => ({
        ...syncedUserFromBackend({
          id: user.id,
          firstName: index < 500 ? "Outdated" : user.firstName,
          lastName: user.lastName,
          username: user.username,
          imageUrl: user.imageUrl,
          updatedAt: index < 500 ? user.updatedAt - 60_000 : user.updatedAt,
          primaryEmailAddress: user.email ? { emailAddress: user.email } : null,
        }),
      }));
      for (let offset = 0; offset < synced.length; offset += 1_000) {
        await upsertUsers(database.db, synced.slice(offset, offset + 1_000));
      }
      await upsertUsers(
        database.db,
        extras.map((clerkId) => ({
          clerkId,
          email: "gone@example.com",
          firstName: "Gone",
          lastName: null,
          username: null,
          imageUrl: null,
          updatedAt: new Date(1),
        })),
      );
      await updateProfile(database.db, extras[0]!, { bio: "will go with the user" });
      await updateProfile(database.db, all[600]!.id, { bio: "app-owned, must stay" });
    });
    afterAll(async () => {
      await emulator?.close();
      await database?.close();
    });

    it("counts in a dry run what a run would change, writing nothing", async () => {
      const before = await database.db.select().from(users);
      const summary = await reconcileUsers({ db: database.db, source: clerk.users, dryRun: true });
      // 500 outdated and 1,000 never synced are written; the 200 deleted in Clerk are tombstoned.
      expect(summary).toMatchObject({
        fetched: clerkUsers,
        written: 1_500,
        tombstoned: extras.length,
        confirmedPresent: 0,
      });
      expect(await database.db.select().from(users)).toEqual(before);
    });

    it("survives an interruption and converges to Clerk's users on the next run", async () => {
      await expect(
        reconcileUsers({
          db: database.db,
          source: clerk.users,
          onProgress: ({ page }) => {
            if (page === 3) throw new Error("interrupted");
          },
        }),
      ).rejects.toThrow("interrupted");

      const progress: number[] = [];
      const summary = await reconcileUsers({
        db: database.db,
        source: clerk.users,
        onProgress: ({ fetched }) => progress.push(fetched),
      });
      expect(summary).toMatchObject({
        total: clerkUsers,
        fetched: clerkUsers,
        tombstoned: extras.length,
        confirmedPresent: 0,
      });
      // 20 full pages, then the empty page that says the listing has ended.
      expect(progress).toHaveLength(clerkUsers / 500 + 1);
      expect(progress.at(-1)).toBe(clerkUsers);

      const live = await database.db.select().from(users).where(isNull(users.deletedAt));
      expect(live).toHaveLength(clerkUsers);
      const byId = new Map(live.map((row) => [row.clerkId, row]));
      for (const user of emulator.state.users.values()) {
        expect(byId.get(user.id)).toMatchObject({
          firstName: user.firstName,
          email: user.email,
          clerkUpdatedAt: new Date(user.updatedAt),
        });
      }
      const [gone] = await database.db.select().from(users).where(eq(users.clerkId, extras[0]!));
      expect(gone).toMatchObject({ email: null, firstName: null });
      expect(gone?.deletedAt).toBeInstanceOf(Date);
      const profiles = await database.db.select().from(userProfiles);
      expect(profiles.map((profile) => profile.bio)).toEqual(["app-owned, must stay"]);
    });

    it("changes nothing on a re-run", async () => {
      const summary = await reconcileUsers({ db: database.db, source: clerk.users });
      expect(summary).toMatchObject({ fetched: clerkUsers, written: 0, tombstoned: 0 });
    });

    it("waits out a 429's Retry-After and carries on from the page it was on", async () => {
      const waits: number[] = [];
      const pages: number[] = [];
      const summary = await reconcileUsers({
        db: database.db,
        source: clerk.users,
        sleep: async (ms) => {
          waits.push(ms);
        },
        onProgress: ({ page }) => {
          pages.push(page);
          if (page === 2) emulator.backend.faults = { status: 429, times: 1, retryAfterSeconds: 3 };
        },
      });
      expect(waits).toEqual([3_000]);
      expect(pages).toEqual(Array.from({ length: clerkUsers / 500 + 1 }, (_, index) => index + 1));
      expect(summary).toMatchObject({ fetched: clerkUsers, written: 0, tombstoned: 0 });
    });

    it("backs off on a Backend API 5xx a few times, then gives up without tombstoning", async () => {
      const waits: number[] = [];
      const sleep = async (ms: number) => {
        waits.push(ms);
      };
      emulator.backend.faults = { status: 503, times: 2 };
      expect(await reconcileUsers({ db: database.db, source: clerk.users, sleep })).toMatchObject({
        fetched: clerkUsers,
        tombstoned: 0,
      });
      expect(waits).toEqual([1_000, 2_000]);

      waits.length = 0;
      emulator.backend.faults = { status: 503 };
      try {
        await expect(
          reconcileUsers({ db: database.db, source: clerk.users, sleep }),
        ).rejects.toMatchObject({
          status: 503,
        });
      } finally {
        emulator.backend.faults = {};
      }
      expect(waits).toEqual([1_000, 2_000, 4_000]);
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
      const behindAProxy = {
        getCount: () => clerk.users.getCount(),
        getUserList: (params: { limit: number; offset: number; orderBy: "+created_at" }) =>
          clerk.users.getUserList(params),
        // A 404 from something in between (a proxy, a wrong path) says nothing about the user.
        getUser: () => Promise.reject(Object.assign(new Error("Not Found"), { status: 404 })),
      };
      await expect(reconcileUsers({ db: database.db, source: behindAProxy })).rejects.toThrow(
        "Not Found",
      );
      const [row] = await database.db.select().from(users).where(eq(users.clerkId, orphan));
      expect(row?.deletedAt).toBeNull();
      // The Backend API's own answer for the same user does tombstone it.
      expect(await reconcileUsers({ db: database.db, source: clerk.users })).toMatchObject({
        tombstoned: 1,
      });
    });

    it("keeps a user the listing missed but the Backend API still has", async () => {
      const [present] = [...emulator.state.users.values()];
      // A listing that shifted while it was paged: one user never shows up in it.
      const listing: Awaited<ReturnType<typeof clerk.users.getUserList>>["data"] = [];
      for (let offset = 0; ; offset += 500) {
        const { data } = await clerk.users.getUserList({
          limit: 500,
          offset,
          orderBy: "+created_at",
        });
        listing.push(...data.filter((user) => user.id !== present!.id));
        if (data.length < 500) break;
      }
      const partial = {
        getCount: () => clerk.users.getCount(),
        getUserList: async ({ limit, offset }: { limit: number; offset: number }) => ({
          data: listing.slice(offset, offset + limit),
        }),
        getUser: (id: string) => clerk.users.getUser(id),
      };
      const summary = await reconcileUsers({ db: database.db, source: partial });
      expect(summary).toMatchObject({ tombstoned: 0, confirmedPresent: 1 });
      const [row] = await database.db.select().from(users).where(eq(users.clerkId, present!.id));
      expect(row?.deletedAt).toBeNull();
    });

    it("removes a deleted user's memberships with it", async () => {
      const user = emulator.state.createUser();
      const organization = emulator.state.createOrganization({ name: "Reconciled" });
      await reconcileUsers({ db: database.db, source: clerk.users });
      await upsertMembership(database.db, {
        clerkId: "orgmem_2reconcile0000000000000000",
        organizationId: organization.id,
        userId: user.id,
        role: "org:member",
        updatedAt: new Date(),
      });
      expect(
        await database.db
          .select()
          .from(organizationMemberships)
          .where(eq(organizationMemberships.userId, user.id)),
      ).toHaveLength(1);
      emulator.state.deleteUser(user.id);
      const summary = await reconcileUsers({ db: database.db, source: clerk.users });
      expect(summary.tombstoned).toBe(1);
      expect(
        await database.db
          .select()
          .from(organizationMemberships)
          .where(eq(organizationMemberships.userId, user.id)),
      ).toEqual([]);
    });

    it("stops before tombstoning anything when the key is another instance's", async () => {
      const mirror = await target.open();
      const foreign = await startClerkEmulator();
      try {
        const ours = [...emulator.state.users.values()].slice(0, 40);
        await upsertUsers(
          mirror.db,
          ours.map((user) =>
            syncedUserFromBackend({
              id: user.id,
              firstName: user.firstName,
              lastName: user.lastName,
              username: user.username,
              imageUrl: user.imageUrl,
              updatedAt: user.updatedAt,
              primaryEmailAddress: null,
            }),
          ),
        );
        for (let index = 0; index < 60; index += 1) foreign.state.createUser();
        const foreignClerk = createClerkClient({
          secretKey: foreign.env.CLERK_SECRET_KEY,
          apiUrl: foreign.apiUrl,
        });
        const refused = reconcileUsers({ db: mirror.db, source: foreignClerk.users });
        await expect(refused).rejects.toBeInstanceOf(MassTombstoneRefused);
        await expect(refused).rejects.toMatchObject({ live: 40, missing: 40, allowed: 10 });
        // Nothing written: no tombstones, and none of the other instance's users either.
        const rows = await mirror.db.select().from(users);
        expect(rows).toHaveLength(40);
        expect(rows.filter((row) => row.deletedAt)).toEqual([]);

        // An operator who has checked the key goes ahead on purpose.
        const forced = await reconcileUsers({
          db: mirror.db,
          source: foreignClerk.users,
          allowMassTombstone: true,
        });
        expect(forced.tombstoned).toBe(40);
      } finally {
        await foreign.close();
        await mirror.close();
      }
    });
  },
);

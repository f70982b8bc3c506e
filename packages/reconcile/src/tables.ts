import {
  type BackendMembership,
  type BackendOrganization,
  type BackendUser,
  type Database,
  liveAmong,
  liveMembershipsAmong,
  membershipsToTombstone,
  membershipsToWrite,
  organizationMemberships,
  organizations,
  organizationsToWrite,
  type SyncedMembership,
  type SyncedOrganization,
  type SyncedUser,
  syncedMembershipFromBackend,
  syncedOrganizationFromBackend,
  syncedUserFromBackend,
  tombstoneMembership,
  tombstoneOrganization,
  tombstoneUser,
  upsertMemberships,
  upsertOrganizations,
  upsertUsers,
  users,
  usersToWrite,
} from "@crosswalk/db";
import { and, asc, gt, isNull, type SQL } from "drizzle-orm";
import { isResourceNotFound } from "./retries.ts";

interface Page<T> {
  data: T[];
  totalCount: number;
}

/** A listed page as the sync takes it, with how many items the Backend API sent (some may be skipped). */
interface ListedPage<T> extends Page<T> {
  received: number;
}
interface PageParams {
  limit: number;
  offset: number;
  orderBy: "+created_at";
}

/** The Backend API calls a reconcile makes, as `createClerkClient()` from @clerk/backend offers them. */
export interface BackendSource {
  users: {
    getUserList(params: PageParams): Promise<Page<BackendUser>>;
    getUser(userId: string): Promise<unknown>;
  };
  organizations: {
    getOrganizationList(params: PageParams): Promise<Page<BackendOrganization>>;
    getOrganization(params: { organizationId: string }): Promise<unknown>;
    getInstanceOrganizationMembershipList(params: PageParams): Promise<Page<BackendMembership>>;
    getOrganizationMembershipList(params: {
      organizationId: string;
      userId: string[];
    }): Promise<Page<BackendMembership>>;
  };
}

export type TableName = "users" | "organizations" | "memberships";

/** A row by its Clerk id; a table's live rows add what it takes to ask the Backend API about them. */
export interface LiveRow {
  clerkId: string;
}

/** How one synced table is listed, written, and confirmed gone; the same steps run for all three. */
export interface SyncedTable<Synced extends LiveRow, Row extends LiveRow = LiveRow> {
  name: TableName;
  list(source: BackendSource, params: PageParams): Promise<ListedPage<Synced>>;
  /** Up to `limit` ids of live rows in id order, after `after`: the live rows a page at a time. */
  liveIds(db: Database, after: string | undefined, limit: number): Promise<string[]>;
  /** The rows among these ids that are still live, with what isGone and tombstone take. */
  liveRows(db: Database, clerkIds: string[]): Promise<Row[]>;
  /** One page in one transaction, by the sync's rules; returns how many rows were written. */
  write(db: Database, page: Synced[]): Promise<number>;
  /** How many rows of the page write() would write, found by reading only: no row is locked. */
  toWrite(db: Database, page: Synced[]): Promise<string[]>;
  /**
   * True only on the Backend API's own answer that the row is gone; false when it still exists (the
   * listing shifted while it was paged); throws on anything else.
   */
  isGone(source: BackendSource, row: Row): Promise<boolean>;
  /** True when the row became a tombstone, false when something else already removed it. */
  tombstone(db: Database, row: Row, deletedAt: Date): Promise<boolean>;
  /** How many of these rows tombstone() would change, found by reading only. */
  toTombstone(db: Database, rows: Row[]): Promise<number>;
}

/** Gone when the lookup answers resource_not_found; present when it answers at all. */
async function goneWhenNotFound(lookup: () => Promise<unknown>): Promise<boolean> {
  try {
    await lookup();
    return false;
  } catch (error) {
    if (isResourceNotFound(error)) return true;
    throw error;
  }
}

type KeyedTable = typeof users | typeof organizations | typeof organizationMemberships;

const liveIdsOf =
  (table: KeyedTable) => async (db: Database, after: string | undefined, limit: number) => {
    const live = isNull(table.deletedAt);
    const rows = await db
      .select({ clerkId: table.clerkId })
      .from(table)
      .where(after === undefined ? live : (and(live, gt(table.clerkId, after)) as SQL))
      .orderBy(asc(table.clerkId))
      .limit(limit);
    return rows.map((row) => row.clerkId);
  };

const liveRowsOf =
  (table: typeof users | typeof organizations) => async (db: Database, clerkIds: string[]) =>
    (await liveAmong(db, table, clerkIds)).map((clerkId) => ({ clerkId }));

export const userTable: SyncedTable<SyncedUser> = {
  name: "users",
  async list(source, params) {
    const { data, totalCount } = await source.users.getUserList(params);
    return { data: data.map(syncedUserFromBackend), totalCount, received: data.length };
  },
  liveIds: liveIdsOf(users),
  liveRows: liveRowsOf(users),
  // With the member order it refreshes, in one transaction: a page lands whole or not at all.
  write: async (db, page) => (await db.transaction((tx) => upsertUsers(tx, page))).length,
  toWrite: usersToWrite,
  isGone: (source, row) => goneWhenNotFound(() => source.users.getUser(row.clerkId)),
  tombstone: async (db, row, deletedAt) =>
    (await db.transaction((tx) => tombstoneUser(tx, row.clerkId, deletedAt))) === "processed",
  toTombstone: async (db, rows) =>
    (
      await liveAmong(
        db,
        users,
        rows.map((row) => row.clerkId),
      )
    ).length,
};

export const organizationTable: SyncedTable<SyncedOrganization> = {
  name: "organizations",
  async list(source, params) {
    const { data, totalCount } = await source.organizations.getOrganizationList(params);
    return { data: data.map(syncedOrganizationFromBackend), totalCount, received: data.length };
  },
  liveIds: liveIdsOf(organizations),
  liveRows: liveRowsOf(organizations),
  write: async (db, page) => (await upsertOrganizations(db, page)).length,
  toWrite: organizationsToWrite,
  isGone: (source, row) =>
    goneWhenNotFound(() => source.organizations.getOrganization({ organizationId: row.clerkId })),
  tombstone: async (db, row, deletedAt) =>
    (await db.transaction((tx) => tombstoneOrganization(tx, row.clerkId, deletedAt))) ===
    "processed",
  toTombstone: async (db, rows) =>
    (
      await liveAmong(
        db,
        organizations,
        rows.map((row) => row.clerkId),
      )
    ).length,
};

export type MembershipRow = Pick<SyncedMembership, "clerkId" | "userId" | "organizationId">;

export const membershipTable: SyncedTable<SyncedMembership, MembershipRow> = {
  name: "memberships",
  async list(source, params) {
    const { data, totalCount } =
      await source.organizations.getInstanceOrganizationMembershipList(params);
    return {
      data: data.flatMap((membership) => syncedMembershipFromBackend(membership) ?? []),
      totalCount,
      received: data.length,
    };
  },
  liveIds: liveIdsOf(organizationMemberships),
  liveRows: liveMembershipsAmong,
  write: async (db, page) => (await db.transaction((tx) => upsertMemberships(tx, page))).length,
  toWrite: membershipsToWrite,
  // The Backend API has no lookup of one membership: it is gone when its organization is, or when the
  // organization's members, filtered to its user, no longer include it (a user removed and added again
  // has a new membership id).
  async isGone(source, { clerkId, userId, organizationId }) {
    try {
      const { data } = await source.organizations.getOrganizationMembershipList({
        organizationId,
        userId: [userId],
      });
      return !data.some((membership) => membership.id === clerkId);
    } catch (error) {
      if (isResourceNotFound(error)) return true;
      throw error;
    }
  },
  tombstone: async (db, row, deletedAt) =>
    (await db.transaction((tx) => tombstoneMembership(tx, row, deletedAt))) === "processed",
  toTombstone: async (db, rows) =>
    (
      await membershipsToTombstone(
        db,
        rows.map((row) => row.clerkId),
      )
    ).length,
};

import { and, eq, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { jsonIds } from "./bulk.ts";
import type { Database } from "./client.ts";
import { organizationMemberships, organizations, users } from "./schema.ts";
import type { SyncedMembership, SyncedOrganization, SyncedUser } from "./sync.ts";

// What the sync's upserts and tombstones (sync.ts) would write, found with plain SELECTs: a dry run must
// take no row lock, and `insert ... on conflict do update` locks a conflicting row even when its WHERE
// says not to update it. Each rule here mirrors the one in sync.ts it names.

type Versioned = typeof users | typeof organizations | typeof organizationMemberships;

/** The listed versions of a page, as a relation `listed(clerk_id, clerk_updated_at, …)`. */
function listed(rows: Record<string, string | Date>[], extra: SQL = sql``) {
  return sql`json_to_recordset(${JSON.stringify(rows)}::json) as listed(clerk_id text, clerk_updated_at timestamptz(3)${extra})`;
}

/**
 * upsertUsers' conflict rule (isOlderLiveRow): a row is written when absent, or live and older than the
 * listed version (a placeholder, with no version, is older than any).
 */
const writable = (table: Versioned) =>
  or(
    isNull(table.clerkId),
    and(
      isNull(table.deletedAt),
      or(isNull(table.clerkUpdatedAt), lt(table.clerkUpdatedAt, sql`listed.clerk_updated_at`)),
    ),
  );

async function toWrite(
  db: Database,
  table: typeof users | typeof organizations,
  batch: { clerkId: string; updatedAt: Date }[],
): Promise<string[]> {
  if (batch.length === 0) return [];
  const rows = await db
    .select({ clerkId: sql<string>`listed.clerk_id` })
    .from(listed(batch.map((row) => ({ clerk_id: row.clerkId, clerk_updated_at: row.updatedAt }))))
    .leftJoin(table, eq(table.clerkId, sql`listed.clerk_id`))
    .where(writable(table));
  return rows.map((row) => row.clerkId);
}

/** The ids of the page that {@link upsertUsers} would write, read without writing or locking. */
export const usersToWrite = (db: Database, batch: SyncedUser[]) => toWrite(db, users, batch);

/** The ids of the page that {@link upsertOrganizations} would write, read without writing or locking. */
export const organizationsToWrite = (db: Database, batch: SyncedOrganization[]) =>
  toWrite(db, organizations, batch);

/**
 * The ids of the page that {@link upsertMemberships} would write: a parent that is absent gets a live
 * placeholder there, so only a tombstoned user or organization keeps a membership out; then the
 * membership's own version decides, as for a user.
 */
export async function membershipsToWrite(
  db: Database,
  batch: SyncedMembership[],
): Promise<string[]> {
  if (batch.length === 0) return [];
  const rows = await db
    .select({ clerkId: sql<string>`listed.clerk_id` })
    .from(
      listed(
        batch.map((membership) => ({
          clerk_id: membership.clerkId,
          clerk_updated_at: membership.updatedAt,
          user_id: membership.userId,
          organization_id: membership.organizationId,
        })),
        sql`, user_id text, organization_id text`,
      ),
    )
    .leftJoin(users, eq(users.clerkId, sql`listed.user_id`))
    .leftJoin(organizations, eq(organizations.clerkId, sql`listed.organization_id`))
    .leftJoin(organizationMemberships, eq(organizationMemberships.clerkId, sql`listed.clerk_id`))
    .where(
      and(
        or(isNull(users.clerkId), isNull(users.deletedAt)),
        or(isNull(organizations.clerkId), isNull(organizations.deletedAt)),
        writable(organizationMemberships),
      ),
    );
  return rows.map((row) => row.clerkId);
}

/** The given users or organizations that are live: the ones tombstoneUser or tombstoneOrganization would change. */
export async function liveAmong(
  db: Database,
  table: typeof users | typeof organizations,
  clerkIds: string[],
): Promise<string[]> {
  if (clerkIds.length === 0) return [];
  const rows = await db
    .select({ clerkId: table.clerkId })
    .from(table)
    .where(and(inArray(table.clerkId, jsonIds(clerkIds)), isNull(table.deletedAt)));
  return rows.map((row) => row.clerkId);
}

/** The given memberships that are live, with their user and organization. */
export async function liveMembershipsAmong(db: Database, clerkIds: string[]) {
  if (clerkIds.length === 0) return [];
  return db
    .select({
      clerkId: organizationMemberships.clerkId,
      userId: organizationMemberships.userId,
      organizationId: organizationMemberships.organizationId,
    })
    .from(organizationMemberships)
    .where(
      and(
        inArray(organizationMemberships.clerkId, jsonIds(clerkIds)),
        isNull(organizationMemberships.deletedAt),
      ),
    );
}

/**
 * The given memberships that {@link tombstoneMembership} would change: live, under a live user and
 * organization (a tombstoned parent has already removed its memberships).
 */
export async function membershipsToTombstone(db: Database, clerkIds: string[]): Promise<string[]> {
  if (clerkIds.length === 0) return [];
  const rows = await db
    .select({ clerkId: organizationMemberships.clerkId })
    .from(organizationMemberships)
    .innerJoin(users, eq(users.clerkId, organizationMemberships.userId))
    .innerJoin(organizations, eq(organizations.clerkId, organizationMemberships.organizationId))
    .where(
      and(
        inArray(organizationMemberships.clerkId, jsonIds(clerkIds)),
        isNull(organizationMemberships.deletedAt),
        isNull(users.deletedAt),
        isNull(organizations.deletedAt),
      ),
    );
  return rows.map((row) => row.clerkId);
}

import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { jsonIds, jsonRows } from "./bulk.ts";
import type { Database } from "./client.ts";
import { refreshMemberOrder } from "./members.ts";
import { organizationMemberships, organizations, tasks, userProfiles, users } from "./schema.ts";

/** `stale`: the database already holds this version or a newer one, or the entity is deleted. */
export type SyncOutcome = "processed" | "stale";

export interface SyncedUser {
  clerkId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  imageUrl: string | null;
  updatedAt: Date;
}

export interface SyncedOrganization {
  clerkId: string;
  name: string;
  slug: string | null;
  imageUrl: string | null;
  updatedAt: Date;
}

export interface SyncedMembership {
  clerkId: string;
  organizationId: string;
  userId: string;
  role: string;
  updatedAt: Date;
}

type SyncedTable = typeof users | typeof organizations | typeof organizationMemberships;

// Last writer wins on Clerk's own `updated_at`, and a tombstone is final: the conditional upsert
// re-checks both against the row as committed, so concurrent deliveries cannot overwrite a newer version.
function isOlderLiveRow(table: SyncedTable) {
  return and(
    isNull(table.deletedAt),
    or(isNull(table.clerkUpdatedAt), lt(table.clerkUpdatedAt, sql`excluded.clerk_updated_at`)),
  );
}

function outcome(rows: unknown[]): SyncOutcome {
  return rows.length > 0 ? "processed" : "stale";
}

export async function upsertUser(db: Database, user: SyncedUser): Promise<SyncOutcome> {
  return outcome(await upsertUsers(db, [user]));
}

/**
 * Many users in one statement, with the same rules as one: a row is written only when it is live and
 * older than the given version; their memberships' places in the member list follow. Run it in a transaction
 * for both to land together. Returns the ids that were written.
 */
export async function upsertUsers(db: Database, batch: SyncedUser[]): Promise<string[]> {
  if (batch.length === 0) return [];
  const rows = await db
    .insert(users)
    .select(
      jsonRows(
        users,
        batch.map((user) => ({
          clerkId: user.clerkId,
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
          username: user.username,
          imageUrl: user.imageUrl,
          clerkUpdatedAt: user.updatedAt,
        })),
      ),
    )
    .onConflictDoUpdate({
      target: users.clerkId,
      set: {
        email: sql`excluded.email`,
        firstName: sql`excluded.first_name`,
        lastName: sql`excluded.last_name`,
        username: sql`excluded.username`,
        imageUrl: sql`excluded.image_url`,
        clerkUpdatedAt: sql`excluded.clerk_updated_at`,
        syncedAt: sql`now()`,
      },
      setWhere: isOlderLiveRow(users),
    })
    .returning({ clerkId: users.clerkId });
  const written = rows.map((row) => row.clerkId);
  if (written.length > 0)
    await refreshMemberOrder(db, inArray(organizationMemberships.userId, jsonIds(written)));
  return written;
}

export async function upsertOrganization(
  db: Database,
  organization: SyncedOrganization,
): Promise<SyncOutcome> {
  return outcome(await upsertOrganizations(db, [organization]));
}

/** Many organizations in one statement, by the rules of one (see {@link upsertUsers}). */
export async function upsertOrganizations(
  db: Database,
  batch: SyncedOrganization[],
): Promise<string[]> {
  if (batch.length === 0) return [];
  const rows = await db
    .insert(organizations)
    .select(
      jsonRows(
        organizations,
        batch.map((organization) => ({
          clerkId: organization.clerkId,
          name: organization.name,
          slug: organization.slug,
          imageUrl: organization.imageUrl,
          clerkUpdatedAt: organization.updatedAt,
        })),
      ),
    )
    .onConflictDoUpdate({
      target: organizations.clerkId,
      set: {
        name: sql`excluded.name`,
        slug: sql`excluded.slug`,
        imageUrl: sql`excluded.image_url`,
        clerkUpdatedAt: sql`excluded.clerk_updated_at`,
        syncedAt: sql`now()`,
      },
      setWhere: isOlderLiveRow(organizations),
    })
    .returning({ clerkId: organizations.clerkId });
  return rows.map((row) => row.clerkId);
}

/**
 * Makes sure the parent rows exist (placeholders when their own events have not arrived) and locks them
 * against a concurrent delete until the transaction ends. Returns the ids that are live, not tombstones.
 */
async function holdLiveParents(
  db: Database,
  table: typeof users | typeof organizations,
  clerkIds: string[],
): Promise<Set<string>> {
  // Sorted, so concurrent batches lock shared parents in the same order and cannot deadlock.
  const ids = [...new Set(clerkIds)].sort();
  await db
    .insert(table)
    .select(
      jsonRows(
        table,
        ids.map((clerkId) => ({ clerkId })),
      ),
    )
    .onConflictDoNothing();
  const parents = await db
    .select({ clerkId: table.clerkId })
    .from(table)
    .where(and(inArray(table.clerkId, jsonIds(ids)), isNull(table.deletedAt)))
    .orderBy(table.clerkId)
    .for("share");
  return new Set(parents.map((parent) => parent.clerkId));
}

type MembershipKey = Pick<SyncedMembership, "userId" | "organizationId">;

/** The memberships whose user and organization are both live, with those parents held. */
async function withLiveParents<T extends MembershipKey>(db: Database, batch: T[]): Promise<T[]> {
  // Users before organizations, always, so concurrent events cannot deadlock on the pair.
  const liveUsers = await holdLiveParents(
    db,
    users,
    batch.map((membership) => membership.userId),
  );
  const liveOrganizations = await holdLiveParents(
    db,
    organizations,
    batch.map((membership) => membership.organizationId),
  );
  return batch.filter(
    (membership) =>
      liveUsers.has(membership.userId) && liveOrganizations.has(membership.organizationId),
  );
}

export async function upsertMembership(
  db: Database,
  membership: SyncedMembership,
): Promise<SyncOutcome> {
  return outcome(await upsertMemberships(db, [membership]));
}

/**
 * Many memberships, by the rules of one: placeholders for parents that have not arrived, nothing under a
 * deleted user or organization, last writer wins on `updated_at`. Run it in a transaction, as the parents
 * are locked only until it ends. Returns the ids that were written.
 */
export async function upsertMemberships(
  db: Database,
  batch: SyncedMembership[],
): Promise<string[]> {
  if (batch.length === 0) return [];
  const writable = await withLiveParents(db, batch);
  if (writable.length === 0) return [];
  const rows = await db
    .insert(organizationMemberships)
    .select(
      jsonRows(
        organizationMemberships,
        writable.map((membership) => ({
          clerkId: membership.clerkId,
          organizationId: membership.organizationId,
          userId: membership.userId,
          role: membership.role,
          clerkUpdatedAt: membership.updatedAt,
        })),
      ),
    )
    .onConflictDoUpdate({
      target: organizationMemberships.clerkId,
      set: {
        organizationId: sql`excluded.organization_id`,
        userId: sql`excluded.user_id`,
        role: sql`excluded.role`,
        clerkUpdatedAt: sql`excluded.clerk_updated_at`,
        syncedAt: sql`now()`,
      },
      setWhere: isOlderLiveRow(organizationMemberships),
    })
    .returning({ clerkId: organizationMemberships.clerkId });
  const written = rows.map((row) => row.clerkId);
  if (written.length > 0)
    await refreshMemberOrder(db, inArray(organizationMemberships.clerkId, jsonIds(written)));
  return written;
}

export async function tombstoneUser(
  db: Database,
  clerkId: string,
  deletedAt: Date,
): Promise<SyncOutcome> {
  const rows = await db
    .insert(users)
    .values({ clerkId, deletedAt })
    .onConflictDoUpdate({
      target: users.clerkId,
      set: {
        email: null,
        firstName: null,
        lastName: null,
        username: null,
        imageUrl: null,
        deletedAt,
        syncedAt: sql`now()`,
      },
      setWhere: isNull(users.deletedAt),
    })
    .returning({ clerkId: users.clerkId });
  if (rows.length === 0) return "stale";
  await db.delete(userProfiles).where(eq(userProfiles.clerkUserId, clerkId));
  await db.delete(organizationMemberships).where(eq(organizationMemberships.userId, clerkId));
  return "processed";
}

export async function tombstoneOrganization(
  db: Database,
  clerkId: string,
  deletedAt: Date,
): Promise<SyncOutcome> {
  const rows = await db
    .insert(organizations)
    .values({ clerkId, deletedAt })
    .onConflictDoUpdate({
      target: organizations.clerkId,
      set: { name: null, slug: null, imageUrl: null, deletedAt, syncedAt: sql`now()` },
      setWhere: isNull(organizations.deletedAt),
    })
    .returning({ clerkId: organizations.clerkId });
  if (rows.length === 0) return "stale";
  await db
    .delete(organizationMemberships)
    .where(eq(organizationMemberships.organizationId, clerkId));
  await db.delete(tasks).where(eq(tasks.organizationId, clerkId));
  return "processed";
}

export async function tombstoneMembership(
  db: Database,
  membership: Omit<SyncedMembership, "role" | "updatedAt">,
  deletedAt: Date,
): Promise<SyncOutcome> {
  // A deleted parent already removed its memberships; nothing is left to tombstone.
  if ((await withLiveParents(db, [membership])).length === 0) return "stale";
  const rows = await db
    .insert(organizationMemberships)
    .values({ ...membership, deletedAt })
    .onConflictDoUpdate({
      target: organizationMemberships.clerkId,
      set: { role: null, deletedAt, syncedAt: sql`now()` },
      setWhere: isNull(organizationMemberships.deletedAt),
    })
    .returning({ clerkId: organizationMemberships.clerkId });
  return outcome(rows);
}

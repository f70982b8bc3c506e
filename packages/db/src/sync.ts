import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
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
  return (await upsertUsers(db, [user])).length > 0 ? "processed" : "stale";
}

/**
 * Many users in one statement, with the same rules as one: a row is written only when it is live and
 * older than the given version. Returns the ids that were written.
 */
export async function upsertUsers(db: Database, batch: SyncedUser[]): Promise<string[]> {
  if (batch.length === 0) return [];
  const rows = await db
    .insert(users)
    .values(
      batch.map((user) => ({
        clerkId: user.clerkId,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        username: user.username,
        imageUrl: user.imageUrl,
        clerkUpdatedAt: user.updatedAt,
      })),
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
  return rows.map((row) => row.clerkId);
}

export async function upsertOrganization(
  db: Database,
  organization: SyncedOrganization,
): Promise<SyncOutcome> {
  const values = {
    name: organization.name,
    slug: organization.slug,
    imageUrl: organization.imageUrl,
    clerkUpdatedAt: organization.updatedAt,
  };
  const rows = await db
    .insert(organizations)
    .values({ clerkId: organization.clerkId, ...values })
    .onConflictDoUpdate({
      target: organizations.clerkId,
      set: { ...values, syncedAt: sql`now()` },
      setWhere: isOlderLiveRow(organizations),
    })
    .returning({ clerkId: organizations.clerkId });
  return outcome(rows);
}

/**
 * Makes sure a parent row exists (a placeholder when its own event has not arrived) and locks it
 * against a concurrent delete until the transaction ends. Returns false when the parent is a tombstone.
 */
async function holdLiveParent(
  db: Database,
  table: typeof users | typeof organizations,
  clerkId: string,
) {
  await db.insert(table).values({ clerkId }).onConflictDoNothing();
  const [parent] = await db
    .select({ deletedAt: table.deletedAt })
    .from(table)
    .where(eq(table.clerkId, clerkId))
    .for("share");
  return parent !== undefined && parent.deletedAt === null;
}

// Parents are always locked user first, then organization, so concurrent events cannot deadlock.
async function holdLiveParents(db: Database, userId: string, organizationId: string) {
  return (
    (await holdLiveParent(db, users, userId)) &&
    (await holdLiveParent(db, organizations, organizationId))
  );
}

export async function upsertMembership(
  db: Database,
  membership: SyncedMembership,
): Promise<SyncOutcome> {
  if (!(await holdLiveParents(db, membership.userId, membership.organizationId))) return "stale";
  const values = {
    organizationId: membership.organizationId,
    userId: membership.userId,
    role: membership.role,
    clerkUpdatedAt: membership.updatedAt,
  };
  const rows = await db
    .insert(organizationMemberships)
    .values({ clerkId: membership.clerkId, ...values })
    .onConflictDoUpdate({
      target: organizationMemberships.clerkId,
      set: { ...values, syncedAt: sql`now()` },
      setWhere: isOlderLiveRow(organizationMemberships),
    })
    .returning({ clerkId: organizationMemberships.clerkId });
  return outcome(rows);
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
  if (!(await holdLiveParents(db, membership.userId, membership.organizationId))) return "stale";
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

import { and, eq, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import { jsonIds } from "./bulk.ts";
import type { Database } from "./client.ts";
import { organizationMemberships, unnamedMemberOrder, users } from "./schema.ts";

/**
 * What Clerk's components display for a user: first and last name, else the username, else null. Never the
 * email address: the member list is shown to every member of the organization.
 */
export const displayName = sql<
  string | null
>`coalesce(nullif(trim(coalesce(${users.firstName}, '') || ' ' || coalesce(${users.lastName}, '')), ''), nullif(${users.username}, ''))`;

/**
 * A member's key in the member list: named members first, by their name in lower case, then those without a
 * name; the user id breaks ties. drizzle/0001_member_order.sql fills rows synced before it with the same key.
 */
const memberOrderOf = sql<string>`coalesce('0' || lower(${displayName}), ${unnamedMemberOrder})`;

/**
 * `synced`: the user's own event (or a Backend API fill) has been applied. `unsynced`: only a placeholder, or no
 * row at all, is there. `deleted`: a tombstone, which keeps no name.
 */
export type UserSyncState = "synced" | "unsynced" | "deleted";

export const userSyncState = sql<UserSyncState>`case when ${users.deletedAt} is not null then 'deleted' when ${users.clerkUpdatedAt} is null then 'unsynced' else 'synced' end`;

/** Keeps the order key of the matching memberships in step with their users' names, after a write to either. */
export async function refreshMemberOrder(db: Database, memberships: SQL): Promise<void> {
  await db
    .update(organizationMemberships)
    .set({ memberOrder: memberOrderOf })
    .from(users)
    .where(
      and(
        eq(users.clerkId, organizationMemberships.userId),
        memberships,
        ne(organizationMemberships.memberOrder, memberOrderOf),
      ),
    );
}

export interface MemberRow {
  userId: string;
  role: string | null;
  name: string | null;
  imageUrl: string | null;
  state: UserSyncState;
  position: MemberPosition;
}

/** Where a member stands in the list: the page after it starts past this. */
export interface MemberPosition {
  order: string;
  userId: string;
}

// Byte order, as the index keeps it, so every database lists the same members in the same order.
const inByteOrder = (value: unknown) => sql`${value} collate "C"`;

const memberColumns = {
  userId: organizationMemberships.userId,
  role: organizationMemberships.role,
  name: displayName,
  imageUrl: users.imageUrl,
  state: userSyncState,
  order: organizationMemberships.memberOrder,
};

const memberRow = ({
  order,
  ...member
}: Omit<MemberRow, "position"> & { order: string }): MemberRow => ({
  ...member,
  position: { order, userId: member.userId },
});

/** The organization's live members that also match `condition`, joined to their users. */
const liveMembers = (db: Database, organizationId: string, condition: SQL | undefined) =>
  db
    .select(memberColumns)
    .from(organizationMemberships)
    .innerJoin(users, eq(users.clerkId, organizationMemberships.userId))
    .where(
      and(
        eq(organizationMemberships.organizationId, organizationId),
        isNull(organizationMemberships.deletedAt),
        condition,
      ),
    );

/** The query for one page of the organization's live members, in list order, after `after` when given. */
export function memberPageQuery(
  db: Database,
  organizationId: string,
  page: { limit: number; after?: MemberPosition | undefined },
) {
  const after = page.after
    ? sql`(${inByteOrder(organizationMemberships.memberOrder)}, ${inByteOrder(organizationMemberships.userId)}) > (${inByteOrder(page.after.order)}, ${inByteOrder(page.after.userId)})`
    : undefined;
  return liveMembers(db, organizationId, after)
    .orderBy(
      inByteOrder(organizationMemberships.memberOrder),
      inByteOrder(organizationMemberships.userId),
    )
    .limit(page.limit);
}

export async function listMembers(
  db: Database,
  organizationId: string,
  page: { limit: number; after?: MemberPosition | undefined },
): Promise<MemberRow[]> {
  return (await memberPageQuery(db, organizationId, page)).map(memberRow);
}

/** The given users' memberships in the organization, as {@link listMembers} shows them, in any order. */
export async function membersByUserId(
  db: Database,
  organizationId: string,
  userIds: string[],
): Promise<MemberRow[]> {
  if (userIds.length === 0) return [];
  const rows = await liveMembers(
    db,
    organizationId,
    inArray(organizationMemberships.userId, jsonIds(userIds)),
  );
  return rows.map(memberRow);
}

export interface NamedUser {
  userId: string;
  name: string | null;
  imageUrl: string | null;
  state: UserSyncState;
}

/** The given users as the synced copy knows them; a user with no row at all is `unsynced`. */
export async function namedUsers(db: Database, userIds: string[]): Promise<Map<string, NamedUser>> {
  const ids = [...new Set(userIds)];
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({
            userId: users.clerkId,
            name: displayName,
            imageUrl: users.imageUrl,
            state: userSyncState,
          })
          .from(users)
          .where(inArray(users.clerkId, jsonIds(ids)));
  const known = new Map(rows.map((row) => [row.userId, row]));
  return new Map(
    ids.map((userId) => [
      userId,
      known.get(userId) ?? { userId, name: null, imageUrl: null, state: "unsynced" },
    ]),
  );
}

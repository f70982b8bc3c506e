import {
  type Database,
  isStorableText,
  type MemberPosition,
  type MemberRow,
  type NamedUser,
  namedUsers,
  syncedUserFromBackend,
  upsertUsers,
} from "@crosswalk/db";
import type { Logger } from "@crosswalk/log";
import { upstreamStatus } from "./responses.ts";
import type { ClerkUsers } from "./types.ts";

export const memberPageLimits = { default: 50, max: 100 } as const;

/** Where a member list's answer came from, per row: the copy, a Backend API fill, or neither yet. */
export type MemberSource = "database" | "backend-api" | "pending";

export interface MemberView {
  userId: string;
  role: string | null;
  name: string | null;
  imageUrl: string | null;
  source: MemberSource;
}

export interface AuthorView {
  userId: string;
  name: string | null;
  imageUrl: string | null;
}

// A position is a few hundred characters at most (a lower-cased name and a Clerk id); longer is no cursor of ours.
const maxCursorLength = 2_048;

/** The opaque `nextCursor`: the last member's position, which the next page starts after. */
export function encodeCursor(position: MemberPosition): string {
  return Buffer.from(JSON.stringify([position.order, position.userId])).toString("base64url");
}

function decodeCursor(cursor: string): MemberPosition | undefined {
  if (cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(decoded) || decoded.length !== 2) return undefined;
    const [order, userId] = decoded as unknown[];
    if (typeof order !== "string" || typeof userId !== "string" || userId === "") return undefined;
    // Postgres text holds no NUL: a forged cursor carrying one would fail the query, not the request.
    if (!isStorableText(order) || !isStorableText(userId)) return undefined;
    return { order, userId };
  } catch {
    return undefined;
  }
}

export type MemberPage =
  | { ok: true; limit: number; after: MemberPosition | undefined }
  | { ok: false; issues: string[] };

/** `?limit=` (1 to 100, 50 when absent) and `?cursor=` (a `nextCursor` this endpoint gave), each at most once. */
export function parseMemberPage(query: URLSearchParams): MemberPage {
  const issues: string[] = [];
  const limits = query.getAll("limit");
  const cursors = query.getAll("cursor");
  let limit: number = memberPageLimits.default;
  if (limits.length > 1) issues.push("limit: must be given once");
  else if (limits[0] !== undefined) {
    limit = /^[1-9][0-9]{0,2}$/.test(limits[0]) ? Number(limits[0]) : 0;
    if (limit < 1 || limit > memberPageLimits.max)
      issues.push(`limit: must be a whole number from 1 to ${memberPageLimits.max}`);
  }
  let after: MemberPosition | undefined;
  if (cursors.length > 1) issues.push("cursor: must be given once");
  else if (cursors[0] !== undefined) {
    after = decodeCursor(cursors[0]);
    if (!after) issues.push("cursor: must be a nextCursor from this list");
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, limit, after };
}

/** At most one Backend API call per answer, and Clerk's user list takes up to 100 ids at a time here. */
const maxFilledPerAnswer = 100;

/**
 * Fills users the synced copy does not have yet (a membership or task that came before its user's event):
 * one `getUserList` call for all of them, written through the sync's own rule, so a newer webhook is never
 * overwritten and a deleted user stays deleted. Returns the users as the copy then knows them; those the call
 * could not fill stay `unsynced`, which the answer shows as pending.
 */
export async function fillUsers(
  deps: { db: Database; users: ClerkUsers; log: Logger },
  userIds: string[],
): Promise<Map<string, NamedUser>> {
  const ids = [...new Set(userIds)].slice(0, maxFilledPerAnswer);
  if (ids.length === 0) return new Map();
  try {
    const { data } = await deps.users.getUserList({ userId: ids, limit: ids.length });
    const fetched = data.filter((user) => ids.includes(user.id)).map(syncedUserFromBackend);
    await deps.db.transaction((tx) => upsertUsers(tx, fetched));
  } catch (error) {
    // Logged by count and status only: the ids name people, and the answer still goes out, as pending.
    deps.log.warn(
      { status: upstreamStatus(error) ?? "unreachable", users: ids.length },
      "Backend API getUserList failed; those users are answered as pending",
    );
  }
  return namedUsers(deps.db, ids);
}

/** A page of members as the answer gives it, filled where the copy lacked users, in list order. */
export function memberViews(
  page: MemberRow[],
  filled: Map<string, NamedUser>,
  refreshed: Map<string, MemberRow>,
): MemberView[] {
  const rows = page.map((row) => {
    if (row.state === "synced") return { row, source: "database" as const };
    const now = refreshed.get(row.userId);
    return now && filled.get(row.userId)?.state === "synced"
      ? { row: now, source: "backend-api" as const }
      : { row: { ...row, name: null, imageUrl: null }, source: "pending" as const };
  });
  // A filled member now has its name, and so its place among the named: sorted again within the page, whose
  // cursor still stands after the last member as the page was read.
  rows.sort((a, b) => comparePositions(a.row.position, b.row.position));
  return rows.map(({ row, source }) => ({
    userId: row.userId,
    role: row.role,
    name: row.name,
    imageUrl: row.imageUrl,
    source,
  }));
}

// Code-unit order, which is the database's byte order ("C") for every character short of the astral planes.
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const comparePositions = (a: MemberPosition, b: MemberPosition) =>
  compareText(a.order, b.order) || compareText(a.userId, b.userId);

/** A task's author: null once the user is deleted, without a name while neither the copy nor Clerk gave one. */
export function authorView(user: NamedUser): AuthorView | null {
  if (user.state === "deleted") return null;
  const known = user.state === "synced";
  return {
    userId: user.userId,
    name: known ? user.name : null,
    imageUrl: known ? user.imageUrl : null,
  };
}

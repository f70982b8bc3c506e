import {
  type BackendUser,
  type Database,
  syncedUserFromBackend,
  tombstoneUser,
  upsertUsers,
  users,
} from "@crosswalk/db";
import { isNull } from "drizzle-orm";

/** The Backend API calls a reconcile makes, as `clerkClient.users` offers them. */
export interface UserSource {
  getCount(): Promise<number>;
  getUserList(params: {
    limit: number;
    offset: number;
    orderBy: "+created_at";
  }): Promise<{ data: BackendUser[] }>;
  getUser(userId: string): Promise<unknown>;
}

export interface ReconcileProgress {
  page: number;
  fetched: number;
  total: number;
}

export interface ReconcileSummary {
  total: number;
  fetched: number;
  /** Rows inserted or brought up to Clerk's version. */
  written: number;
  /** Users the database had and Clerk no longer has: now tombstones, their profiles and memberships gone. */
  tombstoned: number;
  /** Users missing from the listing (it shifted while paging) that the Backend API still knows: left as they are. */
  confirmedPresent: number;
}

export interface ReconcileOptions {
  db: Database;
  source: UserSource;
  /** The Backend API's largest page. */
  pageSize?: number;
  onProgress?: (progress: ReconcileProgress) => void;
}

function isNotFound(error: unknown): boolean {
  return (error as { status?: unknown } | null)?.status === 404;
}

/**
 * Pages through every Backend API user and upserts each page in one statement (last writer wins on
 * Clerk's updated_at, tombstones stay), then tombstones the users the database has and Clerk does not,
 * computed over the full id set. Each step is its own statement, so an interrupted run leaves nothing
 * half-written and the next run picks up where the data stands.
 */
export async function reconcileUsers(options: ReconcileOptions): Promise<ReconcileSummary> {
  const pageSize = options.pageSize ?? 500;
  const total = await options.source.getCount();
  const seen = new Set<string>();
  let written = 0;
  for (let page = 1, offset = 0; ; page += 1, offset += pageSize) {
    const { data } = await options.source.getUserList({
      limit: pageSize,
      offset,
      orderBy: "+created_at",
    });
    written += (await upsertUsers(options.db, data.map(syncedUserFromBackend))).length;
    for (const user of data) seen.add(user.id);
    options.onProgress?.({ page, fetched: seen.size, total });
    if (data.length < pageSize) break;
  }

  const live = await options.db
    .select({ clerkId: users.clerkId })
    .from(users)
    .where(isNull(users.deletedAt));
  const unseen = live.map((row) => row.clerkId).filter((id) => !seen.has(id));
  let tombstoned = 0;
  let confirmedPresent = 0;
  // A user created or deleted while paging shifts the offsets; a user is only removed once the Backend
  // API itself answers 404 for it.
  for (const clerkId of unseen) {
    try {
      await options.source.getUser(clerkId);
      confirmedPresent += 1;
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await options.db.transaction((tx) => tombstoneUser(tx, clerkId, new Date()));
      tombstoned += 1;
    }
  }
  return { total, fetched: seen.size, written, tombstoned, confirmedPresent };
}

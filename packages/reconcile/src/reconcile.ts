import {
  type BackendUser,
  type Database,
  type SyncedUser,
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
  /** Go ahead even when the run would tombstone more than the guard allows (see {@link tombstoneGuard}). */
  allowMassTombstone?: boolean;
  /** Count what would change and write nothing: `written` and `tombstoned` are what a real run would do. */
  dryRun?: boolean;
  /** Waits between retries; tests pass a faster clock. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The most users one run may tombstone without `allowMassTombstone`: 5 % of the live rows, and at least 10.
 * A key of another instance (a development key against the production database) lists none of the
 * database's users, and tombstones are final.
 */
export const tombstoneGuard = (liveRows: number) => Math.max(10, Math.ceil(liveRows * 0.05));

/** Thrown before anything is tombstoned when the guard would be exceeded. */
export class MassTombstoneRefused extends Error {
  override name = "MassTombstoneRefused";
  readonly live: number;
  readonly missing: number;
  readonly allowed: number;
  constructor(live: number, missing: number, allowed: number) {
    super(
      `${missing} of ${live} live users are not in this Clerk instance's listing; at most ${allowed} may be tombstoned in one run`,
    );
    this.live = live;
    this.missing = missing;
    this.allowed = allowed;
  }
}

interface ClerkApiError {
  status?: unknown;
  retryAfter?: unknown;
  errors?: { code?: unknown }[];
}

/** Only the Backend API's own word that this user does not exist, never a mere 404 from a proxy. */
function isResourceNotFound(error: unknown): boolean {
  const apiError = error as ClerkApiError | null;
  return apiError?.status === 404 && apiError.errors?.[0]?.code === "resource_not_found";
}

const rateLimitRetries = 10;
const serverErrorRetries = 3;

/**
 * Calls the Backend API again after a 429 (waiting its Retry-After: Clerk allows 100 requests per 10 s on a
 * development instance) or a 5xx (backing off 1, 2, 4 s), a few times, before giving up.
 */
async function withRetries<T>(call: () => Promise<T>, sleep: (ms: number) => Promise<void>) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const { status, retryAfter } = (error ?? {}) as ClerkApiError;
      const rateLimited = status === 429 && attempt <= rateLimitRetries;
      const serverError =
        typeof status === "number" && status >= 500 && attempt <= serverErrorRetries;
      if (!rateLimited && !serverError) throw error;
      await sleep(
        rateLimited
          ? (typeof retryAfter === "number" ? retryAfter : 1) * 1000
          : 1000 * 2 ** (attempt - 1),
      );
    }
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Pages through every Backend API user, stops when more of the database's users are missing than
 * {@link tombstoneGuard} allows, then upserts each page in one statement (last writer wins on Clerk's
 * updated_at, tombstones stay) and tombstones the users the database has and Clerk does not. Each step is its own statement, so an interrupted run leaves nothing
 * half-written and the next run picks up where the data stands.
 */
export async function reconcileUsers(options: ReconcileOptions): Promise<ReconcileSummary> {
  const pageSize = options.pageSize ?? 500;
  const retried = <T>(call: () => Promise<T>) => withRetries(call, options.sleep ?? realSleep);
  const total = await retried(() => options.source.getCount());
  const seen = new Set<string>();
  // Listed in full before anything is written, so a key of another instance is caught by the guard below
  // before its users are mixed into this database (the synced fields take ~300 bytes a user).
  const pages: SyncedUser[][] = [];
  for (let page = 1, offset = 0; ; page += 1, offset += pageSize) {
    const { data } = await retried(() =>
      options.source.getUserList({ limit: pageSize, offset, orderBy: "+created_at" }),
    );
    pages.push(data.map(syncedUserFromBackend));
    for (const user of data) seen.add(user.id);
    options.onProgress?.({ page, fetched: seen.size, total });
    if (data.length < pageSize) break;
  }

  const live = await options.db
    .select({ clerkId: users.clerkId })
    .from(users)
    .where(isNull(users.deletedAt));
  const unseen = live.map((row) => row.clerkId).filter((id) => !seen.has(id));
  const allowed = tombstoneGuard(live.length);
  if (unseen.length > allowed && !options.allowMassTombstone)
    throw new MassTombstoneRefused(live.length, unseen.length, allowed);
  if (options.dryRun) {
    const { gone, present } = await confirmMissing(unseen, options.source, retried);
    const written = await countWrites(options.db, pages.flat());
    return {
      total,
      fetched: seen.size,
      written,
      tombstoned: gone.length,
      confirmedPresent: present,
    };
  }
  let written = 0;
  for (const page of pages) written += (await upsertUsers(options.db, page)).length;
  const { gone, present } = await confirmMissing(unseen, options.source, retried);
  for (const clerkId of gone)
    await options.db.transaction((tx) => tombstoneUser(tx, clerkId, new Date()));
  return { total, fetched: seen.size, written, tombstoned: gone.length, confirmedPresent: present };
}

/**
 * Asks the Backend API for each user the listing missed. A user created or deleted while paging shifts the
 * offsets, so only the API's own resource_not_found for that id makes a user gone.
 */
async function confirmMissing(
  unseen: string[],
  source: UserSource,
  retried: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<{ gone: string[]; present: number }> {
  const gone: string[] = [];
  let present = 0;
  for (const clerkId of unseen) {
    try {
      await retried(() => source.getUser(clerkId));
      present += 1;
    } catch (error) {
      if (!isResourceNotFound(error)) throw error;
      gone.push(clerkId);
    }
  }
  return { gone, present };
}

/** How many of the listed users a run would write, by the rules upsertUsers applies, without writing. */
async function countWrites(db: Database, listed: SyncedUser[]): Promise<number> {
  const stored = new Map(
    (
      await db
        .select({
          clerkId: users.clerkId,
          clerkUpdatedAt: users.clerkUpdatedAt,
          deletedAt: users.deletedAt,
        })
        .from(users)
    ).map((row) => [row.clerkId, row]),
  );
  // Last writer wins on Clerk's updated_at, and a tombstone is final.
  return listed.filter((user) => {
    const row = stored.get(user.clerkId);
    return !row || (row.deletedAt === null && (row.clerkUpdatedAt ?? new Date(0)) < user.updatedAt);
  }).length;
}

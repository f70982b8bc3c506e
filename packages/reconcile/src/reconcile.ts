import type { Database } from "@crosswalk/db";
import { type GuardedTable, MassTombstoneRefused, tombstoneGuard } from "./guard.ts";
import { realSleep, type Sleep, withRetries } from "./retries.ts";
import {
  type BackendSource,
  type LiveRow,
  membershipTable,
  organizationTable,
  type SyncedTable,
  type TableName,
  userTable,
} from "./tables.ts";

export interface ReconcileProgress {
  table: TableName;
  page: number;
  fetched: number;
  total: number;
}

export interface TableSummary {
  /** What the Backend API said it holds, and what its listing returned. */
  total: number;
  fetched: number;
  /** Rows inserted or brought up to Clerk's version. */
  written: number;
  /** Rows the database had and Clerk no longer has: now tombstones (a user's or organization's dependents gone with it). */
  tombstoned: number;
  /** Rows missing from the listing (it shifted while paging) that the Backend API still knows: left as they are. */
  confirmedPresent: number;
}

export type ReconcileSummary = Record<TableName, TableSummary>;

export interface ReconcileOptions {
  db: Database;
  /** `createClerkClient({ secretKey })` from @clerk/backend. */
  source: BackendSource;
  /** The Backend API's largest page. */
  pageSize?: number;
  onProgress?: (progress: ReconcileProgress) => void;
  /** Go ahead even when the run would tombstone more than the guard allows (see {@link tombstoneGuard}). */
  allowMassTombstone?: boolean;
  /** Do everything in a transaction that is rolled back: the summary says what a run would change. */
  dryRun?: boolean;
  /** Waits between retries; tests pass a faster clock. */
  sleep?: Sleep;
}

class DryRunRollback extends Error {}

/** One table's listing held in memory, the live rows it misses, and the steps that write it. */
async function listTable<Synced extends LiveRow, Row extends LiveRow>(
  table: SyncedTable<Synced, Row>,
  options: ReconcileOptions,
  retried: <T>(call: () => Promise<T>) => Promise<T>,
) {
  const pageSize = options.pageSize ?? 500;
  const pages: Synced[][] = [];
  const seen = new Set<string>();
  let total = 0;
  // Listed in full before anything is written, so a key of another instance is caught by the guard
  // before its rows are mixed into this database (the synced fields take ~300 bytes a row).
  for (let page = 1, offset = 0; ; page += 1, offset += pageSize) {
    const listed = await retried(() =>
      table.list(options.source, { limit: pageSize, offset, orderBy: "+created_at" }),
    );
    total = listed.totalCount;
    pages.push(listed.data);
    for (const row of listed.data) seen.add(row.clerkId);
    options.onProgress?.({ table: table.name, page, fetched: seen.size, total });
    if (listed.data.length < pageSize) break;
  }
  const live = await table.liveRows(options.db);
  const unseen = live.filter((row) => !seen.has(row.clerkId));
  const guard: GuardedTable = {
    table: table.name,
    live: live.length,
    missing: unseen.length,
    allowed: tombstoneGuard(live.length),
  };

  let gone: Row[] = [];

  return {
    guard,
    /** Asks the Backend API for each row the listing missed; only its own answer makes a row gone. */
    async confirmMissing() {
      gone = [];
      for (const row of unseen)
        if (await retried(() => table.isGone(options.source, row))) gone.push(row);
    },
    async write(db: Database): Promise<TableSummary> {
      let written = 0;
      for (const page of pages) written += await table.write(db, page);
      let tombstoned = 0;
      const now = new Date();
      for (const row of gone) if (await table.tombstone(db, row, now)) tombstoned += 1;
      const confirmedPresent = unseen.length - gone.length;
      return { total, fetched: seen.size, written, tombstoned, confirmedPresent };
    },
  };
}

/**
 * Brings users, organizations and memberships in line with the Backend API: lists all three in full,
 * stops when a table misses more live rows than {@link tombstoneGuard} allows, asks the API about each
 * missing row, then writes a page per statement (last writer wins on Clerk's `updated_at`, tombstones
 * stay) and tombstones the rows Clerk no longer has. Each page and each tombstone is its own transaction,
 * so an interrupted run leaves nothing half-written and the next run picks up where the data stands.
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileSummary> {
  const retried = <T>(call: () => Promise<T>) => withRetries(call, options.sleep ?? realSleep);
  const users = await listTable(userTable, options, retried);
  const organizations = await listTable(organizationTable, options, retried);
  const memberships = await listTable(membershipTable, options, retried);
  const listings = [users, organizations, memberships];
  const overGuard = listings
    .map((listing) => listing.guard)
    .filter((guard) => guard.missing > guard.allowed);
  if (overGuard.length > 0 && !options.allowMassTombstone)
    throw new MassTombstoneRefused(overGuard);
  for (const listing of listings) await listing.confirmMissing();

  // Parents first, so a membership's user and organization are in place before it is written.
  const writeAll = async (db: Database): Promise<ReconcileSummary> => ({
    users: await users.write(db),
    organizations: await organizations.write(db),
    memberships: await memberships.write(db),
  });
  if (!options.dryRun) return writeAll(options.db);

  let summary: ReconcileSummary | undefined;
  try {
    await options.db.transaction(async (tx) => {
      summary = await writeAll(tx);
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return summary as ReconcileSummary;
}

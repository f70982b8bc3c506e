import type { Database } from "@crosswalk/db";
import { ListedDigests } from "./digests.ts";
import { guardTable, isRefused, MassTombstoneRefused } from "./guard.ts";
import { realSleep, type Sleep, withDatabaseRetries, withRetries } from "./retries.ts";
import {
  type BackendSource,
  type LiveRow,
  type MembershipRow,
  membershipTable,
  organizationTable,
  type SyncedTable,
  type TableName,
  userTable,
} from "./tables.ts";

export interface ReconcileProgress {
  table: TableName;
  /**
   * 1: the listing that finds the live rows Clerk no longer has, before anything is written; 2: the
   * listing that is written (compared, in a dry run).
   */
  pass: 1 | 2;
  page: number;
  fetched: number;
  total: number;
}

export interface TableSummary {
  /** What the Backend API said it holds, and how many rows its listing returned. */
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
  /**
   * Go ahead even when the run would tombstone more than the guard allows (see {@link tombstoneGuard}),
   * or every live row of a table (an instance emptied on purpose).
   */
  allowMassTombstone?: boolean;
  /**
   * Read and compare only: the summary says what a run would change. Nothing is written and no row is
   * locked, so webhook deliveries go on meanwhile.
   */
  dryRun?: boolean;
  /** Waits between retries; tests pass a faster clock. */
  sleep?: Sleep;
}

type Retried = <T>(call: () => Promise<T>) => Promise<T>;

/** The database's live ids are read this many a statement. */
const idsPerRead = 10_000;
/** Rows missing from the listing are looked up this many a statement. */
const rowsPerRead = 500;

/**
 * Lists a table a page at a time, handing each page to `visit` while the next one is already being asked
 * for: the Backend API's answer and the database's write overlap instead of taking turns.
 */
async function eachPage<Synced extends LiveRow>(
  table: SyncedTable<Synced, LiveRow>,
  options: ReconcileOptions,
  retried: Retried,
  pass: 1 | 2,
  visit: (page: Synced[]) => Promise<void> | void,
) {
  const pageSize = options.pageSize ?? 500;
  const list = (offset: number) => {
    const listing = retried(() =>
      table.list(options.source, { limit: pageSize, offset, orderBy: "+created_at" }),
    );
    // Awaited below; a visit that fails first must not leave it unhandled.
    listing.catch(() => {});
    return listing;
  };
  let total = 0;
  let fetched = 0;
  let next = list(0);
  for (let page = 1, offset = 0; ; page += 1, offset += pageSize) {
    const listed = await next;
    // By what the Backend API sent: a membership the sync skips must not end the listing early.
    const more = listed.received === pageSize;
    if (more) next = list(offset + pageSize);
    total = listed.totalCount;
    fetched += listed.data.length;
    await visit(listed.data);
    options.onProgress?.({ table: table.name, pass, page, fetched, total });
    if (!more) break;
  }
  return { total, fetched };
}

/** Every live id of the table, in id order, a statement of {@link idsPerRead} at a time. */
async function* liveIds(table: SyncedTable<LiveRow, LiveRow>, db: Database) {
  for (let after: string | undefined; ; ) {
    const ids = await table.liveIds(db, after, idsPerRead);
    yield ids;
    if (ids.length < idsPerRead) return;
    after = ids.at(-1);
  }
}

/**
 * The first pass over one table: its live ids, each marked as the listing names it, leave the rows Clerk
 * did not list. The ids are held as digests (see {@link ListedDigests}), never the listing, so a million
 * rows take a few MB, and the guard sees the whole table before anything is written or any unlisted id
 * is read back as a string.
 */
async function markListed<Synced extends LiveRow, Row extends LiveRow>(
  table: SyncedTable<Synced, Row>,
  options: ReconcileOptions,
  retried: Retried,
) {
  // Read before the listing, so a row a webhook adds meanwhile is not taken for one Clerk lacks.
  const digests = new ListedDigests();
  for await (const ids of liveIds(table, options.db)) for (const id of ids) digests.add(id);
  digests.seal();
  await eachPage(table, options, retried, 1, (page) => {
    for (const row of page) digests.markListed(row.clerkId);
  });
  return {
    guard: guardTable(table.name, digests.size, digests.unlistedCount()),
    /** The unlisted ids themselves, read once the guard has let the run go on. */
    async unlisted(): Promise<string[]> {
      const ids: string[] = [];
      if (digests.unlistedCount() > 0)
        for await (const page of liveIds(table, options.db))
          for (const id of page) if (digests.isUnlisted(id)) ids.push(id);
      return ids;
    },
  };
}

/** Asks the Backend API about each unlisted row still live; only its own answer makes a row gone. */
async function confirmGone<Row extends LiveRow>(
  table: SyncedTable<LiveRow, Row>,
  unlisted: string[],
  options: ReconcileOptions,
  retried: Retried,
) {
  const gone: Row[] = [];
  let present = 0;
  for (let offset = 0; offset < unlisted.length; offset += rowsPerRead)
    for (const row of await table.liveRows(
      options.db,
      unlisted.slice(offset, offset + rowsPerRead),
    ))
      if (await retried(() => table.isGone(options.source, row))) gone.push(row);
      else present += 1;
  return { gone, present };
}

/**
 * The second pass: each page compared, then only the rows that differ written, before the next is listed.
 * A run over a database that is mostly in step writes (and locks) little; the write still applies the
 * sync's rules, so a delivery that lands in between is never overwritten.
 */
function writeListed<Synced extends LiveRow>(
  table: SyncedTable<Synced, LiveRow>,
  options: ReconcileOptions,
  retried: Retried,
) {
  let written = 0;
  return eachPage(table, options, retried, 2, async (page) => {
    const differing = new Set(await table.toWrite(options.db, page));
    if (options.dryRun) written += differing.size;
    else if (differing.size > 0)
      written += await withDatabaseRetries(
        () =>
          table.write(
            options.db,
            page.filter((row) => differing.has(row.clerkId)),
          ),
        options.sleep ?? realSleep,
      );
  }).then((listing) => ({ ...listing, written }));
}

async function tombstone<Row extends LiveRow>(
  table: SyncedTable<LiveRow, Row>,
  gone: Row[],
  options: ReconcileOptions,
): Promise<number> {
  if (options.dryRun) {
    let count = 0;
    for (let offset = 0; offset < gone.length; offset += rowsPerRead)
      count += await table.toTombstone(options.db, gone.slice(offset, offset + rowsPerRead));
    return count;
  }
  let count = 0;
  const now = new Date();
  for (const row of gone) if (await table.tombstone(options.db, row, now)) count += 1;
  return count;
}

/**
 * Brings users, organizations and memberships in line with the Backend API in two passes over each
 * listing. The first finds the live rows each table's listing misses, and stops when a table misses more
 * than {@link tombstoneGuard} allows or shares none of its live rows with the listing; the API is asked
 * about each missing row. The second writes a page per statement (last writer wins on Clerk's
 * `updated_at`, tombstones stay); then the rows Clerk no longer has become tombstones. Each page and each
 * tombstone is its own transaction, so an interrupted run leaves nothing half-written and the next run
 * picks up where the data stands. Memory stays bounded by one table's live ids and one page.
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileSummary> {
  const retried: Retried = (call) => withRetries(call, options.sleep ?? realSleep);
  const users = await markListed(userTable, options, retried);
  const organizations = await markListed(organizationTable, options, retried);
  const memberships = await markListed(membershipTable, options, retried);
  const refused = [users, organizations, memberships].map((table) => table.guard).filter(isRefused);
  if (refused.length > 0 && !options.allowMassTombstone) throw new MassTombstoneRefused(refused);

  const goneUsers = await confirmGone(userTable, await users.unlisted(), options, retried);
  const goneOrganizations = await confirmGone(
    organizationTable,
    await organizations.unlisted(),
    options,
    retried,
  );
  const goneMemberships = await confirmGone(
    membershipTable,
    await memberships.unlisted(),
    options,
    retried,
  );

  // Parents first, so a membership's user and organization are in place before it is written.
  const listedUsers = await writeListed(userTable, options, retried);
  const listedOrganizations = await writeListed(organizationTable, options, retried);
  const listedMemberships = await writeListed(membershipTable, options, retried);

  const tombstonedUsers = await tombstone(userTable, goneUsers.gone, options);
  const tombstonedOrganizations = await tombstone(
    organizationTable,
    goneOrganizations.gone,
    options,
  );
  // A user's or organization's tombstone has removed its memberships; a dry run leaves them out itself.
  const leaving = new Set([...goneUsers.gone, ...goneOrganizations.gone].map((row) => row.clerkId));
  const stillThere = (row: MembershipRow) =>
    !leaving.has(row.userId) && !leaving.has(row.organizationId);
  const tombstonedMemberships = await tombstone(
    membershipTable,
    options.dryRun ? goneMemberships.gone.filter(stillThere) : goneMemberships.gone,
    options,
  );

  const summary = (
    listing: { total: number; fetched: number; written: number },
    tombstoned: number,
    present: number,
  ): TableSummary => ({
    total: listing.total,
    fetched: listing.fetched,
    written: listing.written,
    tombstoned,
    confirmedPresent: present,
  });
  return {
    users: summary(listedUsers, tombstonedUsers, goneUsers.present),
    organizations: summary(listedOrganizations, tombstonedOrganizations, goneOrganizations.present),
    memberships: summary(listedMemberships, tombstonedMemberships, goneMemberships.present),
  };
}

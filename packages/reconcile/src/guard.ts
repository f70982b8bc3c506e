import type { TableName } from "./tables.ts";

/**
 * The most rows of one table a run may tombstone without `allowMassTombstone`: 5 % of the live rows, and
 * at least 10. A key of another instance (a development key against the production database) lists none
 * of the database's users, and tombstones are final.
 */
export const tombstoneGuard = (liveRows: number) => Math.max(10, Math.ceil(liveRows * 0.05));

export interface GuardedTable {
  table: TableName;
  live: number;
  missing: number;
  allowed: number;
  /**
   * The table has live rows and the listing has none of them. Whatever the table's size: under the size
   * guard's floor of 10, another instance's key would otherwise tombstone a small database whole and fill
   * it with that instance's rows.
   */
  sharesNone: boolean;
}

export function guardTable(table: TableName, live: number, missing: number): GuardedTable {
  return {
    table,
    live,
    missing,
    allowed: tombstoneGuard(live),
    sharesNone: live > 0 && missing === live,
  };
}

export const isRefused = (guard: GuardedTable) => guard.sharesNone || guard.missing > guard.allowed;

/** Thrown before anything is written when a table would lose more rows than the guard allows, or all of them. */
export class MassTombstoneRefused extends Error {
  override name = "MassTombstoneRefused";
  /** The tables the guard refused, each with its counts. */
  readonly tables: GuardedTable[];
  constructor(tables: GuardedTable[]) {
    super(
      tables
        .map(({ table, live, missing, allowed, sharesNone }) =>
          sharesNone && missing <= allowed
            ? `none of the ${live} live ${table} are in this Clerk instance's listing`
            : `${missing} of ${live} live ${table} are not in this Clerk instance's listing (at most ${allowed} may be tombstoned in one run)`,
        )
        .join("; "),
    );
    this.tables = tables;
  }
}

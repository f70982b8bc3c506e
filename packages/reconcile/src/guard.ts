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
}

/** Thrown before anything is written when a table would lose more rows than the guard allows. */
export class MassTombstoneRefused extends Error {
  override name = "MassTombstoneRefused";
  /** The tables over the guard, each with its counts. */
  readonly tables: GuardedTable[];
  constructor(tables: GuardedTable[]) {
    super(
      tables
        .map(
          ({ table, live, missing, allowed }) =>
            `${missing} of ${live} live ${table} are not in this Clerk instance's listing (at most ${allowed} may be tombstoned in one run)`,
        )
        .join("; "),
    );
    this.tables = tables;
  }
}

import { getTableColumns, is, SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * The given rows as a SELECT of `table`'s insertable columns, for `db.insert(table).select(...)`, bound as
 * one JSON parameter. Drizzle's `.values()` binds a parameter per field and takes ~8 ms to build a page of
 * 500 users; this is ~3× faster end to end on PGlite and on Postgres (`pnpm --filter @crosswalk/reconcile
 * bench`). Fields the rows leave out take the column's default (`now()`, a constant) or null.
 */
export function jsonRows<T extends PgTable>(table: T, rows: Partial<T["$inferInsert"]>[]): SQL {
  // Every column, in the table's order, as drizzle lists them for the insert (none is generated).
  const columns = Object.entries(getTableColumns(table));
  const given = columns.filter(([key]) => rows.some((row) => key in row));
  const records = rows.map((row) =>
    Object.fromEntries(
      given.map(([key, column]) => [column.name, (row as Record<string, unknown>)[key] ?? null]),
    ),
  );
  const shape = sql.join(
    given.map(([, column]) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`),
    sql`, `,
  );
  const selected = sql.join(
    columns.map(([key, column]) => {
      if (given.some(([givenKey]) => givenKey === key))
        return sql`r.${sql.identifier(column.name)}`;
      if (column.default === undefined) return sql`null`;
      return is(column.default, SQL) ? column.default : sql`${column.default}`;
    }),
    sql`, `,
  );
  return sql`select ${selected} from json_to_recordset(${JSON.stringify(records)}::json) as r(${shape})`;
}

/** The ids in a JSON array parameter, for `column in (...)` over a page without a parameter each. */
export const jsonIds = (ids: string[]) =>
  sql`(select json_array_elements_text(${JSON.stringify(ids)}::json))`;

import { mkdirSync } from "node:fs";
import { consoleLogger, describeError, type Logger } from "@crosswalk/log";
import { PGlite } from "@electric-sql/pglite";
import { type ExtractTablesWithRelations, sql } from "drizzle-orm";
import type {
  PgDatabase,
  PgDialect,
  PgQueryResultHKT,
  PgSession,
  PgTransaction,
} from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { migrations } from "./migrations.generated.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** What every query takes: the PGlite and the Postgres drizzle instances share this type, and so does a transaction. */
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Transaction = PgTransaction<
  PgQueryResultHKT,
  Schema,
  ExtractTablesWithRelations<Schema>
>;
export type DatabaseKind = "postgres" | "pglite";

export interface DatabaseHandle {
  db: Database;
  kind: DatabaseKind;
  /** Applies the checked-in drizzle-kit migrations; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`: a pooled server connection. Absent: embedded PGlite. */
  url?: string | undefined;
  /** PGlite's data folder; absent means in memory (tests). Ignored when `url` is given. */
  dataDir?: string | undefined;
  /** Pool size for the server connection. */
  maxConnections?: number | undefined;
}

// Several app processes may start against one server at once; one of them migrates, the others wait.
const migrationLockKey = 7_245_301;

// Sent as startup parameters, so every session of the pool has them from its first statement. A write
// blocked by another session's row lock (a reconcile page, a stuck transaction) fails after 2 s, and any
// statement after 5 s, so a delivery or a request is answered as the contract's 5xx within its 5 s bound
// (and Svix retries) instead of hanging. The slowest statement the apps and commands run (a reconcile page
// of 500 rows, a prune batch of 10,000) takes milliseconds. A transaction idle for 10 s holds its locks for
// a process that stalled or forgot it; no code here waits on anything but the database inside one.
const sessionTimeouts = {
  lock_timeout: 2_000,
  statement_timeout: 5_000,
  idle_in_transaction_session_timeout: 10_000,
};
// Migrations may wait minutes for another process's migration lock, and a migration may rebuild an
// index for longer than 5 s: their own session goes without the timeouts.
const migrationSession = {
  lock_timeout: 0,
  statement_timeout: 0,
  idle_in_transaction_session_timeout: 0,
};

/**
 * What drizzle's migrate() does after reading the migrations folder, fed from the embedded copy
 * instead, so the migrations travel inside any bundle.
 */
function applyMigrations(db: unknown): Promise<void> {
  const { dialect, session } = db as { dialect: PgDialect; session: PgSession };
  // drizzle reads only the migrations table settings from this config; the folder is not opened.
  return dialect.migrate(migrations, session, { migrationsFolder: "embedded" });
}

export function createDatabase(options: DatabaseOptions = {}): DatabaseHandle {
  if (options.url) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new Error("DATABASE_URL must start with postgres:// or postgresql://");
    }
    const url = options.url;
    const connect = (max: number, connection: Record<string, number>) =>
      postgres(url, {
        max,
        connection,
        // A host that does not answer fails the request within the contract's 5 s instead of postgres.js's 30.
        connect_timeout: 5,
        // Seconds a query waits before a failed connection is tried again. postgres.js's own grows to 20 s
        // over an outage, so requests would hang past the 5 s bound and recovery would lag the database's return.
        backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
        onnotice: () => {},
      });
    const client = connect(options.maxConnections ?? 10, sessionTimeouts);
    const db = drizzlePostgres(client, { schema });
    return {
      db: db as unknown as Database,
      kind: "postgres",
      async migrate() {
        // One connection, so the lock and the migrations share its session (drizzle's migrate needs a
        // client that can begin a transaction, which a connection reserved from the pool cannot).
        const migrator = connect(1, migrationSession);
        try {
          await migrator`select pg_advisory_lock(${migrationLockKey})`;
          try {
            await applyMigrations(drizzlePostgres(migrator, { schema }));
          } finally {
            // Unlocked only once locked, and an unlock that fails (the connection died) must not hide why.
            await migrator`select pg_advisory_unlock(${migrationLockKey})`.catch(() => {});
          }
        } finally {
          await migrator.end({ timeout: 5 });
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    migrate: () => applyMigrations(db),
    close: () => client.close(),
  };
}

// On globalThis, not in module scope: Next.js bundles instrumentation and route handlers separately, each
// with its own copy of this module, and two PGlite instances on one folder overwrite each other's writes. A
// dev server that reloads the module that opened a database gets the same one back, not another pool.
const sharedDatabasesKey = Symbol.for("crosswalk.databases");
const globals = globalThis as typeof globalThis & {
  [sharedDatabasesKey]?: Map<string, Promise<DatabaseHandle>>;
};

/**
 * The process's database for these options, opened and migrated on first use and shared afterwards by every
 * caller and every bundled copy of this module, for apps whose modules are imported before their environment
 * is read (`next build`, Vite server builds). An open that fails (a server that is not up yet) is not kept:
 * the next call tries again. Closing it lets the next call open it again.
 */
export function lazyDatabase(
  options: () => DatabaseOptions,
  /** Called with each newly opened handle, e.g. to close it on shutdown. */
  onOpen: (handle: DatabaseHandle) => void = () => {},
): () => Promise<DatabaseHandle> {
  return () => {
    const resolved = options();
    const key = JSON.stringify([resolved.url, resolved.dataDir, resolved.maxConnections]);
    globals[sharedDatabasesKey] ??= new Map();
    const databases = globals[sharedDatabasesKey];
    const existing = databases.get(key);
    if (existing) return existing;
    const opening = (async () => {
      const handle = createDatabase(resolved);
      try {
        await handle.migrate();
      } catch (error) {
        await Promise.resolve(handle.close()).catch(() => {});
        throw error;
      }
      const opened = {
        ...handle,
        async close() {
          databases.delete(key);
          await handle.close();
        },
      };
      onOpen(opened);
      return opened;
    })();
    databases.set(key, opening);
    opening.catch(() => {
      if (databases.get(key) === opening) databases.delete(key);
    });
    return opening;
  };
}

/** The cheapest round trip to the database: whether it answers now, not when it was opened. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Opens the database at start-up, so the first request does not wait for the migrations. A database that is
 * not reachable yet (containers start in any order) is reported in one line, by its error code and never its
 * URL, and left to the next request, which tries again.
 */
export async function openOnStart(
  name: string,
  database: () => Promise<DatabaseHandle>,
  log: Logger = consoleLogger(name),
): Promise<void> {
  try {
    const handle = await database();
    log.info({}, `database ready (${handle.kind})`);
  } catch (error) {
    log.error({}, `database unavailable (${describeError(error)}); each request tries again`);
  }
}

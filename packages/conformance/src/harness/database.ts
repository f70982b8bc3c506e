import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, type Database, type DatabaseKind } from "@crosswalk/db";
import postgres from "postgres";

export type RowCheck = (db: Database) => Promise<void>;

/**
 * A fresh database for one app. On a Postgres server the suite reads rows while the app runs; an embedded
 * PGlite folder admits one process at a time, so there row checks wait until the app has stopped.
 */
export interface AppDatabase {
  kind: DatabaseKind;
  env: Record<string, string>;
  /** Runs a check of the database rows now (Postgres) or after the app stops (PGlite). */
  check(check: RowCheck): Promise<void>;
  /** Runs the checks PGlite deferred; call after the app has stopped. */
  runDeferred(): Promise<void>;
  drop(): Promise<void>;
}

export async function createAppDatabase(serverUrl: string | undefined): Promise<AppDatabase> {
  if (serverUrl) {
    const name = `crosswalk_conformance_${Date.now()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    let reader: ReturnType<typeof createDatabase> | undefined;
    return {
      kind: "postgres",
      env: { DATABASE_URL: url.toString() },
      async check(check) {
        reader ??= createDatabase({ url: url.toString(), maxConnections: 2 });
        await check(reader.db);
      },
      async runDeferred() {},
      async drop() {
        await reader?.close();
        const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  const folder = mkdtempSync(join(tmpdir(), "crosswalk-conformance-"));
  const dataDir = join(folder, "pglite");
  const deferred: RowCheck[] = [];
  return {
    kind: "pglite",
    env: { PGLITE_DATA_DIR: dataDir },
    async check(check) {
      deferred.push(check);
    },
    async runDeferred() {
      const reader = createDatabase({ dataDir });
      try {
        for (const check of deferred.splice(0)) await check(reader.db);
      } finally {
        await reader.close();
      }
    },
    async drop() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

import { randomUUID } from "node:crypto";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import postgres from "postgres";
import { createDatabase, type DatabaseHandle, type DatabaseKind } from "./client.ts";

export interface TestDatabase extends DatabaseHandle {
  /** The server database's URL, for a process of its own to connect to; undefined for PGlite. */
  url: string | undefined;
}

export interface TestDatabaseTarget {
  kind: DatabaseKind;
  /** A fresh, migrated database; closing it drops it. */
  open(): Promise<TestDatabase>;
}

/**
 * The Postgres server when its URL is given, PGlite in memory otherwise: `pnpm test` runs a package's tests
 * twice, as `test` (turbo hides the URL, so PGlite, cached whatever services a run has) and as
 * `test:services` (the URL, so the server). Each open() on the server creates a database of its own, so
 * test files run in parallel and re-runs start clean.
 */
export function testDatabaseTargets(serverUrl: string | undefined): TestDatabaseTarget[] {
  return serverUrl
    ? [{ kind: "postgres", open: () => openServerDatabase(serverUrl) }]
    : [{ kind: "pglite", open: openPglite }];
}

async function openPglite(): Promise<TestDatabase> {
  const handle = createDatabase();
  await handle.migrate();
  return { ...handle, url: undefined };
}

/** A fresh, migrated database of its own on the server at `serverUrl`; closing it drops it. */
export async function openServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `crosswalk_test_${randomUUID().replaceAll("-", "")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase({ url: url.toString(), maxConnections: 20 });
  await handle.migrate();
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * A TCP proxy to the database that the test can cut: open connections drop and new ones are refused, as
 * when the database host goes away. (A proxy that accepts and resets instead leaves postgres.js reconnecting
 * without end, so a query waits out the outage rather than failing.)
 */
export async function databaseProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  const cut = () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    return closed;
  };
  return {
    url: url.toString(),
    cut,
    restore: () => listen(port),
    close: cut,
    listening: () => server.listening,
  };
}

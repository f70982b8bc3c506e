#!/usr/bin/env node
// `conformance`, run from an app's folder (its `test:conformance` script): runs the suite against that
// app on embedded PGlite, and again on the Postgres server when TEST_DATABASE_URL names one.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(packageDir, "node_modules", "vitest", "vitest.mjs");
const { TEST_DATABASE_URL: serverUrl, ...inherited } = process.env;

// CONFORMANCE_DATABASE=pglite|postgres runs one of the two, as CI's matrix does.
const only = process.env.CONFORMANCE_DATABASE;
const databases: Record<string, string>[] = [];
if (only !== "postgres") databases.push({});
if (serverUrl && only !== "pglite") databases.push({ TEST_DATABASE_URL: serverUrl });
if (databases.length === 0) {
  console.error("CONFORMANCE_DATABASE=postgres needs TEST_DATABASE_URL");
  process.exit(1);
}

for (const database of databases) {
  const result = spawnSync(
    process.execPath,
    [vitest, "run", "--root", packageDir, ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...inherited, ...database, CONFORMANCE_APP_DIR: process.cwd() },
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

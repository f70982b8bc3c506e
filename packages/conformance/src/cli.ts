#!/usr/bin/env node
// `conformance`, run from an app's folder (its `test:conformance` script): runs the suite against that app on
// embedded PGlite. `conformance --services` (its `test:conformance:services` script) runs it on the Postgres
// server TEST_DATABASE_URL names, with the queue-mode checks when TEST_REDIS_URL names Redis; without a
// server it has nothing to run. Two scripts, so turbo caches the PGlite run whatever services a run has.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(packageDir, "node_modules", "vitest", "vitest.mjs");
const { TEST_DATABASE_URL: serverUrl, ...inherited } = process.env;
const services = process.argv.includes("--services");
const vitestArgs = process.argv.slice(2).filter((arg) => arg !== "--services");

if (services && !serverUrl) {
  console.log("conformance --services: TEST_DATABASE_URL is not set, nothing to run");
  process.exit(0);
}

const result = spawnSync(process.execPath, [vitest, "run", "--root", packageDir, ...vitestArgs], {
  stdio: "inherit",
  env: {
    ...inherited,
    ...(services ? { TEST_DATABASE_URL: serverUrl } : {}),
    CONFORMANCE_APP_DIR: process.cwd(),
  },
});
process.exit(result.status ?? 1);

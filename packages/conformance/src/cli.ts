#!/usr/bin/env node
// `conformance`, run from an app's folder (its `test:conformance` script): runs the suite against that app on
// embedded PGlite. `conformance --services` (its `test:conformance:services` script) runs it on the Postgres
// server TEST_DATABASE_URL names, with the queue-mode checks when TEST_REDIS_URL names Redis; without a
// server it has nothing to run. Two scripts, so turbo caches the PGlite run whatever services a run has.
// Each runs the suite once per runtime the app lists (`conformance.runtimes`: Hono's also runs on Bun).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAppConfigs } from "./harness/context.ts";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const vitest = join(packageDir, "node_modules", "vitest", "vitest.mjs");
const { TEST_DATABASE_URL: serverUrl, ...inherited } = process.env;
const services = process.argv.includes("--services");
const vitestArgs = process.argv.slice(2).filter((arg) => arg !== "--services");

if (services && !serverUrl) {
  console.log("conformance --services: TEST_DATABASE_URL is not set, nothing to run");
  process.exit(0);
}

const appDir = process.cwd();
const failed: string[] = [];
for (const { runtime } of readAppConfigs(appDir)) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [vitest, "run", "--root", packageDir, ...vitestArgs], {
    stdio: "inherit",
    env: {
      ...inherited,
      ...(services ? { TEST_DATABASE_URL: serverUrl } : {}),
      CONFORMANCE_APP_DIR: appDir,
      CONFORMANCE_RUNTIME: runtime,
    },
  });
  console.log(`conformance: ${runtime} run took ${Math.round((Date.now() - started) / 1000)} s`);
  if (result.status !== 0) failed.push(runtime);
}
if (failed.length > 0) {
  console.error(`conformance: failed on ${failed.join(", ")}`);
  process.exit(1);
}

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

// CONFORMANCE_SUBSET=packaging runs the cases a copy's packaging could break and its sources cannot: that it
// builds, starts, reads and writes its database, applies a delivery, renders its pages, loads Clerk's
// components in a browser, prints no warning and stops cleanly. tooling/eject's test runs an ejected copy's
// `pnpm test` this way: the copy's sources are the app's own, which its full run here covers.
const subsets: Record<string, RegExp> = {
  packaging: new RegExp(
    ` serves the contract > (${[
      "GET /api/health",
      "GET and PUT /api/profile",
      "POST /api/webhooks/clerk",
      "pages",
      "in a browser, with Clerk's own components > (signs a seeded user in|lets @clerk/testing's)",
      "shutdown",
      "database rows",
      "secrets",
      "warnings",
    ].join("|")}) > `,
  ),
};
const subset = process.env.CONFORMANCE_SUBSET;
if (subset !== undefined) {
  const pattern = subsets[subset];
  if (!pattern) {
    console.error(
      `conformance: CONFORMANCE_SUBSET must be one of ${Object.keys(subsets).join(", ")}`,
    );
    process.exit(1);
  }
  vitestArgs.push("--testNamePattern", pattern.source);
}

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

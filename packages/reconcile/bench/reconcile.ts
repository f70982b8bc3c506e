// Reconciling N Backend API users, each a member of one of N/100 organizations: the reconcile job (a page per
// statement) in a process of its own, into an empty database, again over the synced one (which holds every
// live id), and as a dry run, each with its wall time and peak RSS; up to 100,000 users also a loop of the
// sync's one-row upserts over the same listings. Prints figures only. BENCH_USERS sets N (default 100,000);
// TEST_DATABASE_URL runs it on that Postgres server instead of PGlite.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createClerkClient } from "@clerk/backend";
import { startClerkEmulator } from "@crosswalk/clerk-emulator";
import {
  type Database,
  syncedMembershipFromBackend,
  syncedOrganizationFromBackend,
  syncedUserFromBackend,
  upsertMembership,
  upsertOrganization,
  upsertUser,
} from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";

const userCount = Number(process.env.BENCH_USERS ?? 100_000);
const emulator = await startClerkEmulator();
const organizationIds = Array.from(
  { length: Math.max(1, Math.floor(userCount / 100)) },
  (_, index) => emulator.state.createOrganization({ name: `Organization ${index}` }).id,
);
for (let index = 0; index < userCount; index += 1) {
  // Each change queues a webhook event (to no endpoint here) that is dropped only once the event loop
  // turns: a million users created in one go hold ~4 GB of them and run out of heap.
  if (index % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  const user = emulator.state.createUser({
    firstName: `First${index}`,
    lastName: `Last${index}`,
    email: `u${index}@example.com`,
  });
  emulator.state.addMembership(organizationIds[index % organizationIds.length] as string, user.id);
}
const clerk = createClerkClient({
  secretKey: emulator.env.CLERK_SECRET_KEY,
  apiUrl: emulator.apiUrl,
});

/** Pages through a listing as the reconcile job does, handing each item to `write`. */
async function eachListed<T>(
  list: (params: { limit: number; offset: number; orderBy: "+created_at" }) => Promise<{
    data: T[];
  }>,
  write: (item: T) => Promise<unknown>,
) {
  for (let offset = 0; ; offset += 500) {
    const { data } = await list({ limit: 500, offset, orderBy: "+created_at" });
    for (const item of data) await write(item);
    if (data.length < 500) break;
  }
}

/** What the sync does for one webhook at a time, over the same listings. */
async function rowByRow(db: Database) {
  await eachListed(
    (params) => clerk.users.getUserList(params),
    (user) => upsertUser(db, syncedUserFromBackend(user)),
  );
  await eachListed(
    (params) => clerk.organizations.getOrganizationList(params),
    (organization) => upsertOrganization(db, syncedOrganizationFromBackend(organization)),
  );
  await eachListed(
    (params) => clerk.organizations.getInstanceOrganizationMembershipList(params),
    async (membership) => {
      const synced = syncedMembershipFromBackend(membership);
      if (synced) await db.transaction((tx) => upsertMembership(tx, synced));
    },
  );
}

async function seconds(run: () => Promise<unknown>) {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

const runOnce = fileURLToPath(new URL("run-once.ts", import.meta.url));
const reconcileFlags = (process.env.BENCH_NODE_OPTIONS ?? "--max-semi-space-size=16")
  .split(" ")
  .filter(Boolean);

/** A reconcile in a child process (the emulator answers from this one); its own figures. */
async function reconcileInChild(database: Record<string, string>, dryRun: boolean) {
  // The V8 flag `pnpm reconcile` runs with (package.json): without it V8 grows the young generation to
  // 128 MB on a machine this size, and the imports alone fill it.
  const { stdout } = await promisify(execFile)(process.execPath, [...reconcileFlags, runOnce], {
    env: {
      PATH: process.env.PATH,
      CLERK_TELEMETRY_DISABLED: "1",
      CLERK_SECRET_KEY: emulator.env.CLERK_SECRET_KEY,
      CLERK_API_URL: emulator.apiUrl,
      BENCH_DRY_RUN: dryRun ? "1" : "0",
      ...database,
    },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) as string) as {
    seconds: number;
    cpuSeconds: number;
    listed: number;
    written: number;
    peakRssMb: number;
  };
}

console.log(
  `Reconcile of ${userCount.toLocaleString("en")} users, ${userCount.toLocaleString("en")} memberships and ` +
    `${organizationIds.length.toLocaleString("en")} organizations from the emulator's Backend API, Node ${process.version}`,
);
console.log("| database | run | wall | reconcile's CPU | rows / s | rows written | peak RSS |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
const loops: string[] = [];
for (const target of testDatabaseTargets(process.env.TEST_DATABASE_URL)) {
  const folder = mkdtempSync(join(tmpdir(), "crosswalk-reconcile-bench-"));
  // The child opens the same database: the server's own, or a PGlite folder (an in-memory one is the process's).
  const server = target.kind === "postgres" ? await target.open() : undefined;
  const database: Record<string, string> = server
    ? { BENCH_DATABASE_URL: server.url as string }
    : { BENCH_PGLITE_DIR: join(folder, "pglite") };
  let firstRun = 0;
  try {
    for (const [run, dryRun] of [
      ["into an empty database", false],
      ["again, nothing to write", false],
      ["dry run over the synced one", true],
    ] as const) {
      const figures = await reconcileInChild(database, dryRun);
      if (!firstRun) firstRun = figures.seconds;
      console.log(
        `| ${target.kind} | ${run} | ${figures.seconds.toFixed(1)} s | ${figures.cpuSeconds.toFixed(1)} s | ` +
          `${Math.round(figures.listed / figures.seconds).toLocaleString("en")} | ` +
          `${figures.written.toLocaleString("en")} | ${figures.peakRssMb.toFixed(0)} MB |`,
      );
    }
  } finally {
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  }
  // A webhook at a time would take hours at a million.
  if (userCount > 100_000) continue;
  const looped = await target.open();
  const loopSeconds = await seconds(() => rowByRow(looped.db));
  await looped.close();
  loops.push(
    `| ${target.kind} | ${firstRun.toFixed(1)} s | ${loopSeconds.toFixed(1)} s | ${(loopSeconds / firstRun).toFixed(1)}× |`,
  );
}
if (loops.length > 0) {
  console.log("\nInto an empty database, against the sync's one-row upserts in this process:\n");
  console.log("| database | page per statement (reconcile) | row per statement | ratio |");
  console.log("| --- | --- | --- | --- |");
  for (const line of loops) console.log(line);
}
await emulator.close();

// Reconciling N Backend API users, each a member of one of N/100 organizations, into an empty database: the
// reconcile job (a page per statement) against a loop of the sync's one-row upserts over the same listings.
// Prints figures only. BENCH_USERS sets N (default 100,000); TEST_DATABASE_URL adds the Postgres server.
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
import { reconcile } from "../src/index.ts";

const userCount = Number(process.env.BENCH_USERS ?? 100_000);
const emulator = await startClerkEmulator();
const organizationIds = Array.from(
  { length: Math.max(1, Math.floor(userCount / 100)) },
  (_, index) => emulator.state.createOrganization({ name: `Organization ${index}` }).id,
);
for (let index = 0; index < userCount; index += 1) {
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

console.log(
  `Reconcile of ${userCount.toLocaleString("en")} users, ${userCount.toLocaleString("en")} memberships and ` +
    `${organizationIds.length.toLocaleString("en")} organizations from the emulator's Backend API, Node ${process.version}`,
);
console.log("| database | page per statement (reconcile) | row per statement | ratio |");
console.log("| --- | --- | --- | --- |");
for (const target of testDatabaseTargets(process.env.TEST_DATABASE_URL)) {
  const batched = await target.open();
  const batchedSeconds = await seconds(() => reconcile({ db: batched.db, source: clerk }));
  await batched.close();

  const looped = await target.open();
  const loopSeconds = await seconds(() => rowByRow(looped.db));
  await looped.close();
  console.log(
    `| ${target.kind} | ${batchedSeconds.toFixed(1)} s | ${loopSeconds.toFixed(1)} s | ${(loopSeconds / batchedSeconds).toFixed(1)}× |`,
  );
}
await emulator.close();

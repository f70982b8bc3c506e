// Reconciling N Backend API users into an empty database: a page of upserts per statement (the
// reconcile job) against one upsert per user. Prints figures only. BENCH_USERS sets N (default 100,000);
// TEST_DATABASE_URL adds the Postgres server.
import { createClerkClient } from "@clerk/backend";
import { startClerkEmulator } from "@crosswalk/clerk-emulator";
import { syncedUserFromBackend, upsertUser } from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { reconcileUsers } from "../src/index.ts";

const count = Number(process.env.BENCH_USERS ?? 100_000);
const emulator = await startClerkEmulator();
for (let index = 0; index < count; index += 1) {
  emulator.state.createUser({
    firstName: `First${index}`,
    lastName: `Last${index}`,
    email: `u${index}@example.com`,
  });
}
const clerk = createClerkClient({
  secretKey: emulator.env.CLERK_SECRET_KEY,
  apiUrl: emulator.apiUrl,
});

console.log(
  `Reconcile of ${count.toLocaleString("en")} users from the emulator's Backend API, Node ${process.version}`,
);
console.log("| database | page per statement | user per statement | ratio |");
console.log("| --- | --- | --- | --- |");
for (const target of testDatabaseTargets(process.env.TEST_DATABASE_URL)) {
  const batched = await target.open();
  let started = performance.now();
  await reconcileUsers({ db: batched.db, source: clerk.users });
  const batchedSeconds = (performance.now() - started) / 1000;
  await batched.close();

  const looped = await target.open();
  started = performance.now();
  for (let offset = 0; ; offset += 500) {
    const { data } = await clerk.users.getUserList({ limit: 500, offset, orderBy: "+created_at" });
    for (const user of data) await upsertUser(looped.db, syncedUserFromBackend(user));
    if (data.length < 500) break;
  }
  const loopSeconds = (performance.now() - started) / 1000;
  await looped.close();
  console.log(
    `| ${target.kind} | ${batchedSeconds.toFixed(1)} s | ${loopSeconds.toFixed(1)} s | ${(loopSeconds / batchedSeconds).toFixed(1)}× |`,
  );
}
await emulator.close();

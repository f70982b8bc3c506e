// `pnpm reconcile`: brings the database in DATABASE_URL (or the PGlite folder in PGLITE_DATA_DIR) in line
// with the Clerk instance of CLERK_SECRET_KEY (and CLERK_API_URL, for the emulator).
import { createClerkClient } from "@clerk/backend";
import { createDatabase } from "@crosswalk/db";
import { exitOnInvalidEnv, parseReconcileEnv } from "@crosswalk/server-env";
import { reconcileUsers } from "./reconcile.ts";

const env = exitOnInvalidEnv(() => parseReconcileEnv(process.env));
const database = createDatabase({ url: env.database.url, dataDir: env.database.pgliteDataDir });
await database.migrate();
const clerk = createClerkClient({
  secretKey: env.clerk.secretKey,
  ...(env.clerk.apiUrl ? { apiUrl: env.clerk.apiUrl } : {}),
});
const started = performance.now();
try {
  const summary = await reconcileUsers({
    db: database.db,
    source: clerk.users,
    onProgress: ({ page, fetched, total }) =>
      process.stderr.write(`\rpage ${page}: ${fetched} of ${total} users`),
  });
  process.stderr.write("\n");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Reconciled ${summary.fetched} users in ${seconds} s: ${summary.written} written, ` +
      `${summary.tombstoned} tombstoned, ${summary.confirmedPresent} left as they are (listing shifted).`,
  );
} finally {
  await database.close();
}

// `pnpm reconcile`: brings the database in DATABASE_URL (or the PGlite folder in PGLITE_DATA_DIR) in line
// with the Clerk instance of CLERK_SECRET_KEY (and CLERK_API_URL, for the emulator).
import { createClerkClient } from "@clerk/backend";
import { createDatabase } from "@crosswalk/db";
import { reconcileUsers } from "./reconcile.ts";

const {
  CLERK_SECRET_KEY: secretKey,
  CLERK_API_URL: apiUrl,
  DATABASE_URL: url,
  PGLITE_DATA_DIR: dataDir,
} = process.env;
const missing = [
  ...(secretKey ? [] : ["CLERK_SECRET_KEY"]),
  ...(url || dataDir ? [] : ["DATABASE_URL (or PGLITE_DATA_DIR)"]),
];
if (missing.length > 0) {
  console.error(`Missing: ${missing.join(", ")}`);
  process.exit(1);
}

const database = createDatabase({ url, dataDir });
await database.migrate();
const clerk = createClerkClient({ secretKey, ...(apiUrl ? { apiUrl } : {}) });
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

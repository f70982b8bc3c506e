// `pnpm reconcile [--dry-run] [--allow-mass-tombstone]`: brings the database in DATABASE_URL (or the PGlite
// folder in PGLITE_DATA_DIR) in line with the Clerk instance of CLERK_SECRET_KEY (and CLERK_API_URL, for the
// emulator).
import { parseArgs } from "node:util";
import { createClerkClient } from "@clerk/backend";
import { createDatabase } from "@crosswalk/db";
import { exitOnInvalidEnv, parseReconcileEnv } from "@crosswalk/server-env";
import { MassTombstoneRefused, type ReconcileProgress, reconcileUsers } from "./reconcile.ts";

/** A bar with rate and ETA on a terminal; a plain line every 10 pages (and the last) in a log. */
function showProgress({ page, fetched, total }: ReconcileProgress) {
  const seconds = (performance.now() - started) / 1000;
  const rate = fetched / Math.max(seconds, 0.001);
  const eta = rate > 0 ? Math.max(0, (total - fetched) / rate) : 0;
  const figures = `${fetched}/${total} users, ${rate.toFixed(0)}/s, ETA ${eta.toFixed(0)} s`;
  if (process.stderr.isTTY) {
    const done = Math.round(30 * Math.min(1, fetched / Math.max(total, 1)));
    process.stderr.write(`\r[${"#".repeat(done)}${" ".repeat(30 - done)}] ${figures}   `);
  } else if (page % 10 === 0 || fetched >= total) console.error(`page ${page}: ${figures}`);
}

const env = exitOnInvalidEnv(() => parseReconcileEnv(process.env));
const database = createDatabase({ url: env.database.url, dataDir: env.database.pgliteDataDir });
await database.migrate();
const clerk = createClerkClient({
  secretKey: env.clerk.secretKey,
  ...(env.clerk.apiUrl ? { apiUrl: env.clerk.apiUrl } : {}),
});
const { values: flags } = parseArgs({
  options: {
    "dry-run": { type: "boolean", default: false },
    "allow-mass-tombstone": { type: "boolean", default: false },
  },
});
const dryRun = flags["dry-run"];
const started = performance.now();
try {
  const summary = await reconcileUsers({
    db: database.db,
    source: clerk.users,
    allowMassTombstone: flags["allow-mass-tombstone"],
    dryRun,
    onProgress: showProgress,
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${dryRun ? "Dry run, nothing written: would reconcile" : "Reconciled"} ${summary.fetched} users in ` +
      `${seconds} s: ${summary.written} ${dryRun ? "to write" : "written"}, ${summary.tombstoned} ` +
      `${dryRun ? "to tombstone" : "tombstoned"}, ${summary.confirmedPresent} left as they are (listing shifted).`,
  );
} catch (error) {
  if (!(error instanceof MassTombstoneRefused)) throw error;
  process.stderr.write("\n");
  console.error(
    `Stopped before writing anything: ${error.missing} of the ${error.live} live users in the database ` +
      `are not in this Clerk instance (at most ${error.allowed} may go in one run). Check that ` +
      "CLERK_SECRET_KEY belongs to the instance this DATABASE_URL mirrors; if so, and the users really were " +
      "deleted, run again with --allow-mass-tombstone. Tombstones are final.",
  );
  process.exitCode = 2;
} finally {
  await database.close();
}

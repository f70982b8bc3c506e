// `pnpm reconcile [--dry-run] [--allow-mass-tombstone]`: brings the database in DATABASE_URL (or the PGlite
// folder in PGLITE_DATA_DIR) in line with the Clerk instance of CLERK_SECRET_KEY (and CLERK_API_URL, for the
// emulator): users, organizations and memberships.
import { parseArgs } from "node:util";
import { createClerkClient } from "@clerk/backend";
import { createDatabase } from "@crosswalk/db";
import { exitOnInvalidEnv, parseReconcileEnv } from "@crosswalk/server-env";
import { MassTombstoneRefused } from "./guard.ts";
import { type ReconcileProgress, reconcile } from "./reconcile.ts";

let listing = "";
// When the current listing began: the previous one's last page, or the start of the run.
let started = performance.now();
let lastPageAt = started;

/** A bar with rate and ETA on a terminal; a plain line every 10 pages (and the last) in a log. */
function showProgress({ table, pass, page, fetched, total }: ReconcileProgress) {
  const name = `pass ${pass}/2, ${table}`;
  if (name !== listing) {
    if (listing && process.stderr.isTTY) process.stderr.write("\n");
    listing = name;
    started = lastPageAt;
  }
  lastPageAt = performance.now();
  const seconds = (lastPageAt - started) / 1000;
  const rate = fetched / Math.max(seconds, 0.001);
  const eta = rate > 0 ? Math.max(0, (total - fetched) / rate) : 0;
  const figures = `${fetched}/${total} ${table}, ${rate.toFixed(0)}/s, ETA ${eta.toFixed(0)} s`;
  if (process.stderr.isTTY) {
    const done = Math.round(30 * Math.min(1, fetched / Math.max(total, 1)));
    process.stderr.write(
      `\r[${"#".repeat(done)}${" ".repeat(30 - done)}] pass ${pass}/2: ${figures}   `,
    );
  } else if (page % 10 === 0 || fetched >= total)
    console.error(`pass ${pass}/2, page ${page}: ${figures}`);
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
const runStarted = performance.now();
started = runStarted;
lastPageAt = runStarted;
try {
  const summary = await reconcile({
    db: database.db,
    source: clerk,
    allowMassTombstone: flags["allow-mass-tombstone"],
    dryRun,
    onProgress: showProgress,
  });
  if (process.stderr.isTTY) process.stderr.write("\n");
  const seconds = ((performance.now() - runStarted) / 1000).toFixed(1);
  console.log(
    dryRun
      ? `Dry run in ${seconds} s, nothing written. A run would change:`
      : `Reconciled in ${seconds} s:`,
  );
  for (const [table, counts] of Object.entries(summary)) {
    console.log(
      `  ${table}: ${counts.fetched} listed, ${counts.written} ${dryRun ? "to write" : "written"}, ` +
        `${counts.tombstoned} ${dryRun ? "to tombstone" : "tombstoned"}, ${counts.confirmedPresent} ` +
        "missing from the listing but still in Clerk (left as they are)",
    );
  }
} catch (error) {
  if (!(error instanceof MassTombstoneRefused)) throw error;
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.error("Stopped before writing anything:");
  for (const { table, live, missing, allowed, sharesNone } of error.tables)
    console.error(
      sharesNone && missing <= allowed
        ? `  None of the ${live} live ${table} in the database is in this Clerk instance.`
        : `  ${missing} of the ${live} live ${table} in the database are not in this Clerk instance (at most ${allowed} may go in one run).`,
    );
  console.error(
    "Check that CLERK_SECRET_KEY belongs to the instance this database mirrors (a development key " +
      "against a production database lists none of its rows). If it does, and those rows really were " +
      "deleted in Clerk (an instance emptied on purpose), run again with --allow-mass-tombstone. " +
      "Tombstones are final.",
  );
  process.exitCode = 2;
} finally {
  await database.close();
}

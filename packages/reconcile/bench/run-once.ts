// One reconcile in a process of its own, so the bench reads this run's peak RSS and not the emulator's:
// prints one JSON line with the wall time, its CPU time, the rows listed and the peak RSS. Started by bench/reconcile.ts.
import { createClerkClient } from "@clerk/backend";
import { createDatabase } from "@crosswalk/db";
import { reconcile } from "../src/index.ts";

const database = createDatabase({
  url: process.env.BENCH_DATABASE_URL,
  dataDir: process.env.BENCH_PGLITE_DIR,
});
await database.migrate();
const clerk = createClerkClient({
  secretKey: process.env.CLERK_SECRET_KEY as string,
  apiUrl: process.env.CLERK_API_URL as string,
});
const started = performance.now();
const summary = await reconcile({
  db: database.db,
  source: clerk,
  dryRun: process.env.BENCH_DRY_RUN === "1",
});
const seconds = (performance.now() - started) / 1000;
await database.close();
console.log(
  JSON.stringify({
    seconds,
    listed: Object.values(summary).reduce((sum, table) => sum + table.fetched, 0),
    written: Object.values(summary).reduce((sum, table) => sum + table.written, 0),
    // The emulator answers from the parent process, so this is the reconcile's own work (and postgres.js's).
    cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    // Kilobytes on Linux.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);

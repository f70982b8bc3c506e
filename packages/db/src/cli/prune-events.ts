// `pnpm db:prune-events [--days N]`: deletes the webhook_events ids recorded more than N days ago (default
// 30) from DATABASE_URL, or the PGlite folder in PGLITE_DATA_DIR, in batches.
import { parseArgs } from "node:util";
import { exitOnInvalidEnv, parsePruneEventsEnv } from "@crosswalk/server-env";
import { createDatabase } from "../client.ts";
import { pruneWebhookEvents } from "../webhook-events.ts";

const { values } = parseArgs({ options: { days: { type: "string", default: "30" } } });
const days = Number(values.days);
if (!Number.isInteger(days) || days < 1) {
  console.error("--days must be a whole number of days, 1 or more");
  process.exit(1);
}
const env = exitOnInvalidEnv(() => parsePruneEventsEnv(process.env));
const database = createDatabase({ url: env.url, dataDir: env.pgliteDataDir });
try {
  await database.migrate();
  const before = new Date(Date.now() - days * 24 * 3600 * 1000);
  const pruned = await pruneWebhookEvents(database.db, before);
  console.log(`Pruned ${pruned} webhook event ids recorded before ${before.toISOString()}.`);
} finally {
  await database.close();
}

import { createDatabase } from "@crosswalk/db";
import { env } from "./env.ts";

export const database = createDatabase({
  url: env.database.url,
  dataDir: env.database.pgliteDataDir,
});
await database.migrate();

import { createDatabase } from "@crosswalk/db";
import { closeOnShutdown } from "@crosswalk/shutdown";
import { env } from "./env.ts";

export const database = closeOnShutdown(
  createDatabase({
    url: env.database.url,
    dataDir: env.database.pgliteDataDir,
  }),
);
await database.migrate();

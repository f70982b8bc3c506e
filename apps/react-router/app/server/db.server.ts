import { lazyDatabase } from "@crosswalk/db";
import { env } from "./env.server";

/** One database per server process, migrated before first use. */
export const database = lazyDatabase(() => ({
  url: env().database.url,
  dataDir: env().database.pgliteDataDir,
}));

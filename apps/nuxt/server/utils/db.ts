import { lazyDatabase } from "@crosswalk/db";
import { closeOnShutdown } from "@crosswalk/shutdown";
import { env } from "./env.ts";

/**
 * One database per server process, migrated before first use and closed on shutdown: server.ts and the
 * Nitro bundle each have a copy of this module, and both get the same handle. An open that fails (a
 * database that is not up yet, or gone) is not kept: the next request tries again.
 */
export const database = lazyDatabase(
  () => ({ url: env().database.url, dataDir: env().database.pgliteDataDir }),
  closeOnShutdown,
);

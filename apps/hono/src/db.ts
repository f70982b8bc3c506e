import { lazyDatabase } from "@crosswalk/db";
import type { ServerEnv } from "@crosswalk/server-env";
import { closeOnShutdown } from "@crosswalk/shutdown";

/**
 * One database per server process, migrated before first use and closed on shutdown. An open that fails (a
 * database that is not up yet, or gone) is not kept: the next request tries again.
 */
export const createDatabase = (env: ServerEnv) =>
  lazyDatabase(
    () => ({ url: env.database.url, dataDir: env.database.pgliteDataDir }),
    closeOnShutdown,
  );

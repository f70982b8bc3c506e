import { createDatabase, type DatabaseHandle } from "@crosswalk/db";
import { env } from "./env.server";

let opened: Promise<DatabaseHandle> | undefined;

/** One database per server process, migrated before first use. */
export function database(): Promise<DatabaseHandle> {
  opened ??= (async () => {
    const handle = createDatabase({
      url: env().database.url,
      dataDir: env().database.pgliteDataDir,
    });
    await handle.migrate();
    return handle;
  })();
  return opened;
}

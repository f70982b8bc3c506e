// `pnpm db:migrate`: applies the migrations to DATABASE_URL, or to the PGlite folder in PGLITE_DATA_DIR.
import { exitOnInvalidEnv, parseMigrateEnv } from "@crosswalk/server-env";
import { createDatabase } from "../client.ts";

const env = exitOnInvalidEnv(() => parseMigrateEnv(process.env));
const database = createDatabase({ url: env.url, dataDir: env.pgliteDataDir });
try {
  await database.migrate();
  console.log(
    `Migrations applied to ${database.kind === "postgres" ? "the Postgres server" : env.pgliteDataDir}.`,
  );
} finally {
  await database.close();
}

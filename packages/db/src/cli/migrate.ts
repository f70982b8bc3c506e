// `pnpm db:migrate`: applies the migrations to DATABASE_URL, or to the PGlite folder in PGLITE_DATA_DIR.
import { createDatabase } from "../client.ts";

const url = process.env.DATABASE_URL;
const dataDir = process.env.PGLITE_DATA_DIR;
if (!url && !dataDir) {
  console.error(
    "Set DATABASE_URL (postgres://…) or PGLITE_DATA_DIR (an app's PGlite folder, such as apps/express/.data/pglite).",
  );
  process.exit(1);
}
const database = createDatabase({ url, dataDir });
try {
  await database.migrate();
  console.log(
    `Migrations applied to ${database.kind === "postgres" ? "the Postgres server" : dataDir}.`,
  );
} finally {
  await database.close();
}

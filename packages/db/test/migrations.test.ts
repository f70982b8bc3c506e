import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { expect, it } from "vitest";
import { migrations } from "../src/migrations.generated.ts";

it("embeds exactly the drizzle-kit migrations folder (run `pnpm --filter @crosswalk/db generate` after a schema change)", () => {
  const folder = fileURLToPath(new URL("../drizzle", import.meta.url));
  expect(migrations).toEqual(readMigrationFiles({ migrationsFolder: folder }));
});

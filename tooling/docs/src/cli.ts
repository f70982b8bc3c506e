// `pnpm docs:compare`: regenerates docs/comparison.md and docs/remix-to-react-router.md from the apps'
// marked regions.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderComparison } from "./comparison.ts";
import { renderMigration } from "./migration.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
writeFileSync(`${root}/docs/comparison.md`, renderComparison(root));
writeFileSync(`${root}/docs/remix-to-react-router.md`, renderMigration(root));
console.log("wrote docs/comparison.md and docs/remix-to-react-router.md");

// `pnpm docs:compare`: regenerates docs/comparison.md from the apps' marked regions.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderComparison } from "./comparison.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
writeFileSync(`${root}/docs/comparison.md`, renderComparison(root));
console.log("wrote docs/comparison.md");

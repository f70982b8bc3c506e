// `pnpm clerk:setup [--app <name>] [--dry-run]`: creates in the Clerk instance what the apps expect and
// the Backend API can create, never removing or renaming; prints what only the Dashboard can do.
import { start } from "./cli.ts";
import { templateToPaste, webhookInstructions } from "./expected.ts";
import { checkKeys } from "./instance.ts";
import { formatLine } from "./report.ts";
import { plan } from "./setup.ts";

const { instance, dryRun } = start("pnpm clerk:setup", { "dry-run": { type: "boolean" } });
const keys = await checkKeys(instance);
for (const line of keys.lines) console.log(formatLine(line));
if (!keys.usable || keys.lines.some((line) => line.status === "fail")) {
  console.log("\nNothing changed: the keys must belong to one instance first.");
  process.exit(1);
}
const changes = await plan(instance);
if (changes.length === 0)
  console.log("\nNothing to change: organizations, roles and permissions are as the apps expect.");
else console.log(dryRun ? "\nWould change (a dry run changes nothing):" : "\nChanges:");
for (const change of changes) {
  if (!dryRun) await change.apply();
  console.log(`  + ${change.text}`);
}
console.log("\nBy hand (the Backend API cannot do these):\n");
for (const line of templateToPaste) console.log(`  ${line}`);
console.log("");
for (const line of await webhookInstructions(instance)) console.log(`  ${line}`);
console.log("\nThen run pnpm clerk:doctor.");

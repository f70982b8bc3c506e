// `pnpm clerk:setup [--app <name>] [--dry-run]`: creates in the Clerk instance what the apps expect and
// the Backend API can create, never removing or renaming; prints what only the Dashboard can do.
import { start } from "./cli.ts";
import { templateToPaste, webhookInstructions } from "./expected.ts";
import { checkKeys, describeError } from "./instance.ts";
import { formatLine } from "./report.ts";
import { type Change, organizationsChange, rolesPlan } from "./setup.ts";

const { instance, dryRun } = start("pnpm clerk:setup", { "dry-run": { type: "boolean" } });
const keys = await checkKeys(instance);
for (const line of keys.lines) console.log(formatLine(line));
if (!keys.usable || keys.lines.some((line) => line.status === "fail")) {
  console.log("\nNothing changed: the keys must belong to one instance first.");
  process.exit(1);
}

console.log(dryRun ? "\nWould change (a dry run changes nothing):" : "\nChanges:");
let changed = 0;
const make = async (change: Change) => {
  if (!dryRun) await change.apply();
  changed += 1;
  console.log(`  + ${change.text}`);
};
try {
  const organizations = await organizationsChange(instance);
  if (organizations) await make(organizations);
  const planned = await rolesPlan(instance).catch((error: unknown) => {
    // A dry run leaves organizations off, and an instance may list roles only once they are on.
    if (!(dryRun && organizations)) throw error;
    console.log("  + then the permissions and roles the apps expect, once organizations are on");
    return [];
  });
  for (const change of planned) await make(change);
} catch (error) {
  console.log(
    `\n✗ stopped: ${describeError(error)}; what is listed above was done, a new run goes on from there.`,
  );
  process.exit(1);
}
if (changed === 0)
  console.log("  nothing: organizations, roles and permissions are as the apps expect.");

console.log("\nBy hand (the Backend API cannot do these):\n");
for (const line of templateToPaste) console.log(`  ${line}`);
console.log("");
for (const line of await webhookInstructions(instance, process.stdout.isTTY === true))
  console.log(`  ${line}`);
console.log("\nThen run pnpm clerk:doctor.");

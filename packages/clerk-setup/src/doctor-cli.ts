// `pnpm clerk:doctor [--app <name>]`: checks the Clerk instance of an app's keys against what the apps
// expect, one line per check; exits 0 only when every check holds.
import { start } from "./cli.ts";
import { diagnose } from "./doctor.ts";
import { formatLine } from "./report.ts";

const { instance } = start("pnpm clerk:doctor");
let failed = 0;
await diagnose(
  instance,
  (line) => {
    if (line.status === "fail") failed += 1;
    console.log(formatLine(line));
  },
  { portalLink: process.stdout.isTTY === true },
);
console.log(
  failed === 0
    ? "\nEvery check holds."
    : `\n${failed} check${failed > 1 ? "s" : ""} failed: what to do is under each.`,
);
process.exitCode = failed === 0 ? 0 : 1;

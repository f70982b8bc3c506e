// `pnpm claims:check`: prints the token and cookie budget of this project's session token template with
// its worst-case metadata, and fails when anything is over its limit.
import { computeBudget, formatBudget } from "../budget.ts";
import { bareShape, worstCaseShape } from "../worst-case.ts";

const project = computeBudget(worstCaseShape);
console.log(
  formatBudget(
    "Session token budget: this project's template, worst-case metadata and organization",
    project,
  ),
);
console.log();
console.log(
  formatBudget(
    "For comparison: a development session on localhost, no organization, no custom claims",
    computeBudget(bareShape),
  ),
);

const over = project.filter((line) => !line.ok);
if (over.length > 0) {
  console.error(`\nOver budget: ${over.map((line) => line.measure).join(", ")}`);
  process.exit(1);
}

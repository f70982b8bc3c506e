import type { FirstVisit } from "./first-visit.ts";

export interface StartupRun {
  /** From `pnpm dev` until every app answered /api/health. */
  healthyMs: number;
  /** Each page app's first /sign-in, all opened at once as soon as every app answered. */
  visits: FirstVisit[];
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** `pnpm dev`'s time to first page, cold (a fresh clone's caches) and warm, as a Markdown table. */
export function startupTable(runs: { cold: StartupRun; warm: StartupRun }): string {
  const header =
    "| caches | all apps healthy s | " +
    runs.cold.visits.map((visit) => `${visit.app.dir}: sign-in form s`).join(" | ") +
    " |";
  const rule = `|${header
    .split("|")
    .slice(1, -1)
    .map(() => " --- ")
    .join("|")}|`;
  const row = (name: string, run: StartupRun) =>
    `| ${name} | ${seconds(run.healthyMs)} | ${run.visits.map((visit) => `${seconds(visit.ms)} (${seconds(run.healthyMs + visit.ms)} from start)`).join(" | ")} |`;
  return [
    header,
    rule,
    row("cold", runs.cold),
    ...(runs.warm.visits.length > 0 ? [row("warm", runs.warm)] : []),
  ].join("\n");
}

// Time to first page: `pnpm dev` from a fresh clone's caches, then again on warm ones, with every page app's
// sign-in form opened at once as soon as all apps answer. `pnpm bench` writes it to docs/benchmarks.md; the
// development-mode walk measures the same way.
import type { Browser } from "playwright-core";
import { hasClerkKeys } from "./apps.ts";
import { clearDevCaches, pageApps, startDev } from "./dev-run.ts";
import { firstVisit } from "./first-visit.ts";
import type { StartupRun } from "./startup-figures.ts";

export { type StartupRun, startupTable } from "./startup-figures.ts";

async function run(browser: Browser): Promise<StartupRun> {
  const dev = await startDev();
  try {
    const apps = pageApps.filter((app) => !hasClerkKeys(app));
    const visits = await Promise.all(apps.map((app) => firstVisit(browser, app)));
    return { healthyMs: dev.healthyMs, visits };
  } finally {
    await dev.stop();
  }
}

export async function measureStartup(
  browser: Browser,
): Promise<{ cold: StartupRun; warm: StartupRun }> {
  clearDevCaches();
  const cold = await run(browser);
  const warm = await run(browser);
  return { cold, warm };
}

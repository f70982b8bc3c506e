import { networkSettled, watchedPage } from "@crosswalk/conformance/browser";
import type { Browser } from "playwright-core";
import { type App, appUrl } from "./apps.ts";

export interface FirstVisit {
  app: App;
  /** From opening /sign-in until <SignIn/>'s email field is on the page. */
  ms: number;
  /** Full page loads on the way: more than one is a reload (Vite's optimizer, Next's Fast Refresh). */
  loads: number;
  errors: string[];
}

/**
 * Opens the app's /sign-in as a newcomer's first click does and waits for Clerk's form. `cpuSlowdown` runs
 * the page's scripts that many times slower, as on a busy machine, which stretches hydration.
 */
export async function firstVisit(
  browser: Browser,
  app: App,
  { cpuSlowdown = 1 }: { cpuSlowdown?: number } = {},
): Promise<FirstVisit> {
  const watched = await watchedPage(browser, { consoleErrors: true });
  if (cpuSlowdown > 1) {
    const devtools = await watched.page.context().newCDPSession(watched.page);
    await devtools.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
  }
  let loads = 0;
  watched.page.on("load", () => loads++);
  const started = Date.now();
  await watched.page.goto(`${appUrl(app)}/sign-in`, { timeout: 180_000 });
  await watched.page.locator("input[name=identifier]").waitFor({ timeout: 180_000 });
  const ms = Date.now() - started;
  // A reload or an error that the optimizer or a late script would cause arrives after the form.
  await networkSettled(watched.page);
  await watched.page.waitForTimeout(2_000);
  const errors = watched.errors();
  await watched.page.context().close();
  return { app, ms, loads, errors };
}

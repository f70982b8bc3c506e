// `pnpm dev` as a newcomer meets it: a fresh clone's caches, every app started by the README's command, each
// page app's first visit and a walk through its pages in Chromium. Zero page errors, zero reloads.
import {
  chromiumAvailable,
  completeOnboardingInPlace,
  expectProfileFromDatabase,
  launchChromium,
  signInWithPassword,
  signOutThroughUserButton,
  signUpThroughForm,
  watchedPage,
} from "@crosswalk/conformance/browser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, hasClerkKeys } from "../src/apps.ts";
import { clearDevCaches, pageApps, type RunningDev, startDev } from "../src/dev-run.ts";
import { type FirstVisit, firstVisit } from "../src/first-visit.ts";
import { startupTable } from "../src/startup-figures.ts";

// What Vite prints when its optimizer finds a dependency late and reloads the page, what Next prints when
// Fast Refresh gives up, and the frames of a stack trace: none belongs in a newcomer's first minutes.
const reloads =
  /optimized dependencies changed|new dependencies optimized|Outdated Optimize Dep|full reload|page reload/i;
const stackFrame = /^\s+at \S.*:\d+:\d+\)?$/m;

// A signed-out browser that has loaded Clerk once: with these, Clerk's handshake does not come first.
const signedOutBrowser = {
  accept: "text/html",
  "sec-fetch-dest": "document",
  "sec-fetch-mode": "navigate",
  cookie: "__clerk_db_jwt=dvb_dev_walk; __client_uat=0",
};

// An app with Clerk keys in its .env talks to that instance, which these machines cannot reach.
const walked = pageApps.filter((app) => !hasClerkKeys(app));

describe.skipIf(!chromiumAvailable)("pnpm dev, from a fresh clone", () => {
  let dev: RunningDev | undefined;
  let browser: Browser;
  const cold: FirstVisit[] = [];
  const warm: FirstVisit[] = [];
  let coldHealthyMs = 0;
  let warmHealthyMs = 0;

  beforeAll(async () => {
    clearDevCaches();
    browser = await launchChromium();
    dev = await startDev();
    coldHealthyMs = dev.healthyMs;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    if (cold.length > 0)
      console.log(
        `\n${startupTable({ cold: { healthyMs: coldHealthyMs, visits: cold }, warm: { healthyMs: warmHealthyMs, visits: warm } })}`,
      );
  }, 60_000);

  it("shows Clerk's sign-in form on every page app's first visit, all opened at once, with no error or reload", {
    timeout: 400_000,
  }, async () => {
    cold.push(...(await Promise.all(walked.map((app) => firstVisit(browser, app)))));
    for (const visit of cold) {
      expect({ app: visit.app.dir, errors: visit.errors, loads: visit.loads }).toEqual({
        app: visit.app.dir,
        errors: [],
        loads: 1,
      });
    }
  });

  for (const app of walked) {
    it(`walks ${app.name}: sign-up, the synced row, onboarding in place, sign-out, sign-in`, {
      timeout: 300_000,
    }, async () => {
      const {
        page,
        finish,
        describe: describePage,
      } = await watchedPage(browser, {
        consoleErrors: true,
      });
      const origin = appUrl(app);
      const email = `dev-${app.dir}-${Date.now()}+clerk_test@example.com`;
      const password = "crosswalk-dev-walk";
      await signUpThroughForm(page, origin, { email, password }, async (error) => {
        const devOutput = (dev?.output() ?? "").split("\n").slice(-40).join("\n");
        throw new Error(
          `${error.message}\n${await describePage()}\npnpm dev printed last:\n${devOutput}`,
        );
      });
      const userId = await page.getByTestId("user-id").textContent();
      expect(userId).toMatch(/^user_\w+$/);
      await expectProfileFromDatabase(page);
      await completeOnboardingInPlace(page);
      await signOutThroughUserButton(page, origin);
      await signInWithPassword(page, origin, { email, password });
      await expect
        .poll(() => page.getByTestId("user-id").textContent(), { timeout: 30_000 })
        .toBe(userId);
      await finish();
    });
  }

  // Clerk's components render once clerk-js has loaded, read during render: if it loads while React is still
  // hydrating, hydration fails. A slow CPU stretches hydration until it does (every time, before the fix).
  it("hydrates every sign-in page without an error on a CPU six times slower", {
    timeout: 300_000,
  }, async () => {
    for (const app of walked) {
      const visit = await firstVisit(browser, app, { cpuSlowdown: 6 });
      expect({ app: app.dir, errors: visit.errors, loads: visit.loads }).toEqual({
        app: app.dir,
        errors: [],
        loads: 1,
      });
    }
  });

  it("logs a 404 in one line at most, page or static file", { timeout: 120_000 }, async () => {
    for (const app of walked) {
      for (const path of ["/no-such-page", "/no-such-file.png"]) {
        const notFound = () =>
          fetch(`${appUrl(app)}${path}`, { headers: signedOutBrowser, redirect: "manual" }).then(
            (r) => r.status,
          );
        // The first may compile the not-found page and say so; the second shows what every later one costs.
        expect(await notFound()).toBe(404);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const before = dev?.output().length ?? 0;
        expect(await notFound()).toBe(404);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        // The other apps print meanwhile too (node --watch restarts Express when a shared file changes), so
        // only the lines about this request count, and no stack frame may follow them.
        const since = (dev?.output() ?? "").slice(before);
        const aboutIt = since.split("\n").filter((line) => line.includes(path));
        expect({
          app: app.dir,
          path,
          lines: aboutIt.length <= 1,
          stack: stackFrame.test(since),
        }).toEqual({
          app: app.dir,
          path,
          lines: true,
          stack: false,
        });
      }
    }
  });

  it("printed no optimizer reload and no stack trace while the pages were walked", () => {
    const output = dev?.output() ?? "";
    expect(output.match(reloads)?.[0]).toBeUndefined();
    expect(output.match(stackFrame)?.[0]).toBeUndefined();
  });

  it("starts again on warm caches, and every first form shows with no error or reload", {
    timeout: 400_000,
  }, async () => {
    await dev?.stop();
    dev = await startDev();
    warmHealthyMs = dev.healthyMs;
    warm.push(...(await Promise.all(walked.map((app) => firstVisit(browser, app)))));
    for (const visit of warm)
      expect({ app: visit.app.dir, errors: visit.errors, loads: visit.loads }).toEqual({
        app: visit.app.dir,
        errors: [],
        loads: 1,
      });
  });
});

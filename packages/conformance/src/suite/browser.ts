import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { clerk, clerkSetup, setupClerkTestingToken } from "@clerk/testing/playwright";
import { frontendApiSchemaErrors } from "@crosswalk/clerk-emulator/schemas";
import { organizationMemberships, organizations, users } from "@crosswalk/db";
import { eq, inArray } from "drizzle-orm";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { type Harness, sessionTokenLifetimeSeconds } from "../harness/context.ts";

// Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Playwright's own browser download
// is not available on these machines.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
if (!available)
  console.info(`browser checks skipped: no Chromium at ${executablePath} (set CHROMIUM_PATH)`);

const screenshots = fileURLToPath(new URL("../../../../docs/screenshots/", import.meta.url));
const password = "crosswalk-walk-password";
const loopback = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?\//;

/** A page that records what would make a check meaningless: a request off the machine, an uncaught error. */
async function watchedPage(browser: Browser) {
  const context = await browser.newContext();
  // CI runs several apps' suites at once on two cores: a page may take a while to hydrate.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const leftTheMachine: string[] = [];
  const thrown: string[] = [];
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text().slice(0, 300));
  });
  // Every request of the context passes here; one for another host is recorded and never sent.
  await context.route(
    (url) => /^(?:https?|wss?):$/.test(url.protocol) && !loopback.test(url.href),
    (route) => {
      leftTheMachine.push(route.request().url());
      return route.abort();
    },
  );
  page.on("pageerror", (error) => thrown.push(error.message));
  return {
    page,
    /** What the page showed and logged, for a failed step's message (no cookies, no tokens). */
    async describe() {
      const text = await page
        .locator("body")
        .textContent()
        .catch(() => null);
      return `at ${page.url()}\npage text: ${(text ?? "").slice(0, 800)}\nconsole errors: ${consoleErrors.join(" | ")}`;
    },
    /** Fails the test if anything left the machine or the page threw, then closes the context. */
    async finish() {
      await context.close();
      expect(leftTheMachine).toEqual([]);
      expect(thrown).toEqual([]);
    },
  };
}

/** A same-origin call from the page, carrying its cookies as the app's own scripts would. */
function fetchFromPage(page: Page, path: string, method = "GET") {
  return page.evaluate(
    async ({ path, method }) => {
      const response = await fetch(path, {
        method,
        ...(method === "POST"
          ? { headers: { "content-type": "application/json" }, body: '{"title":"Walk"}' }
          : {}),
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    { path, method },
  );
}

export function browserSuite(harness: Harness) {
  describe.skipIf(!available)("in a browser, with Clerk's own components", () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      mkdirSync(screenshots, { recursive: true });
    });
    afterAll(() => browser?.close());

    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${screenshots}${harness.config.framework}-${name}.png` });
    const tokensMinted = () =>
      harness.emulator.frontend.exchanges.filter((e) => e.operation === "createSessionToken")
        .length;

    it("signs up, syncs, refreshes claims, switches organizations, outlives a token and signs out", {
      timeout: 300_000,
    }, async () => {
      const { page, finish, describe: describePage } = await watchedPage(browser);
      const email = `walk-${Date.now()}+clerk_test@example.com`;

      // Sign up through <SignUp/>: email and password, then the test-mode code.
      await page.goto(`${harness.origin}/sign-up`);
      // Typing into the form before clerk-js has loaded it, or while its first requests still re-render
      // it, would be lost.
      await clerk.loaded({ page });
      await page.waitForLoadState("networkidle");
      await page.locator("input[name=emailAddress]").fill(email);
      await page.locator("input[name=password]").fill(password);
      await page.locator(".cl-formButtonPrimary").click();
      const code = page.locator("input[autocomplete=one-time-code]").first();
      await code.waitFor().catch(async (error: Error) => {
        const served = harness.emulator.frontend.exchanges.map((e) => `${e.operation} ${e.status}`);
        throw new Error(
          `${error.message}\n${await describePage()}\nFrontend API: ${served.join(", ")}`,
        );
      });
      await code.pressSequentially("424242");
      await page.waitForURL((url) => url.pathname === "/dashboard");
      const user = [...harness.emulator.state.users.values()].find((u) => u.email === email);
      expect(user).toBeDefined();
      await expect
        .poll(() => page.getByTestId("user-id").textContent(), { timeout: 30_000 })
        .toBe(user?.id);

      // The user.created webhook reached the sync route: the dashboard reads the profile from the row.
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByTestId("profile").textContent();
          },
          { timeout: 30_000 },
        )
        .toMatch(/^from database/);

      // "Complete onboarding": the reloaded session's token carries the new claim, with no page reload.
      // Clerk has loaded once its user button shows; before that the page has no session to reload.
      await page.locator(".cl-userButtonTrigger").waitFor();
      await page.evaluate(() => Object.assign(globalThis, { walkMarker: true }));
      await page.getByRole("button", { name: "Complete onboarding" }).click();
      await expect
        .poll(() => page.getByTestId("onboarding").textContent(), { timeout: 30_000 })
        .toBe("true");
      // A reload would have dropped the marker.
      expect(await page.evaluate(() => "walkMarker" in globalThis)).toBe(true);

      // <OrganizationSwitcher/> creates an organization: its creator is admin, and the token says so.
      await page.locator(".cl-organizationSwitcherTrigger").click();
      await page.locator(".cl-organizationSwitcherPopoverActionButton__createOrganization").click();
      await page.locator("input[name=name]").fill("Walk Admins");
      await page.locator(".cl-formButtonPrimary").click();
      await expect
        .poll(() => page.getByTestId("organization").textContent(), { timeout: 30_000 })
        .toMatch(/^org_\w+ \(org:admin\)$/);
      const created = [...harness.emulator.state.organizations.values()].find(
        (o) => o.name === "Walk Admins",
      );
      expect(await page.getByTestId("organization").textContent()).toBe(
        `${created?.id} (org:admin)`,
      );
      expect((await fetchFromPage(page, "/api/org/tasks", "POST")).status).toBe(201);

      // Another organization adds the user as a member; switching to it narrows the permissions.
      const members = harness.emulator.state.createOrganization({ name: "Walk Members" });
      harness.emulator.state.addMembership(members.id, user?.id ?? "", "org:member");
      // clerk-js learns of a membership made elsewhere when it next loads the user, as in Clerk.
      await page.reload();
      await page.locator(".cl-organizationSwitcherTrigger").click();
      await page
        .locator(".cl-organizationSwitcherPreviewButton", { hasText: "Walk Members" })
        .click();
      await expect
        .poll(() => page.getByTestId("organization").textContent(), { timeout: 30_000 })
        .toBe(`${members.id} (org:member)`);
      expect((await fetchFromPage(page, "/api/org/tasks", "POST")).json).toEqual({
        error: "forbidden",
        missing: "org:tasks:create",
      });
      expect((await fetchFromPage(page, "/api/org/tasks")).status).toBe(200);
      await shot(page, "dashboard");

      // Past the token's lifetime clerk-js has minted fresh ones, so the page is still signed in.
      const mintedBefore = tokensMinted();
      await page.waitForTimeout((sessionTokenLifetimeSeconds + 5) * 1000);
      expect(tokensMinted()).toBeGreaterThan(mintedBefore);
      expect(await fetchFromPage(page, "/api/claims")).toMatchObject({
        status: 200,
        json: { claims: { onboardingComplete: true } },
      });

      // <UserButton/> signs out; the ended session mints nothing and the dashboard sends to sign-in.
      await page.locator(".cl-userButtonTrigger").click();
      await page.locator(".cl-userButtonPopoverActionButton__signOut").click();
      await page.waitForURL((url) => url.pathname !== "/dashboard");
      await page.goto(`${harness.origin}/dashboard`);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      expect(
        [...harness.emulator.frontend.sessions.sessions.values()].filter(
          (s) => s.userId === user?.id && s.status === "active",
        ),
      ).toEqual([]);
      await finish();
      // Everything clerk-js and the components were served on the way conforms to Clerk's published spec.
      expect(harness.emulator.frontend.exchanges.flatMap(frontendApiSchemaErrors)).toEqual([]);

      // The user.created, organization.created and organizationMembership.created webhooks landed.
      const userId = user?.id ?? "";
      await harness.database.check(async (db) => {
        expect((await db.select().from(users).where(eq(users.clerkId, userId))).length).toBe(1);
        const organizationIds = [created?.id ?? "", members.id];
        expect(
          await db
            .select({ clerkId: organizations.clerkId })
            .from(organizations)
            .where(inArray(organizations.clerkId, organizationIds)),
        ).toHaveLength(2);
        const memberships = await db
          .select({
            organizationId: organizationMemberships.organizationId,
            role: organizationMemberships.role,
          })
          .from(organizationMemberships)
          .where(eq(organizationMemberships.userId, userId));
        expect(memberships).toHaveLength(2);
        expect(memberships).toEqual(
          expect.arrayContaining([
            { organizationId: created?.id, role: "org:admin" },
            { organizationId: members.id, role: "org:member" },
          ]),
        );
      });
    });

    it("signs a seeded user in through <SignIn/> with email and password", {
      timeout: 120_000,
    }, async () => {
      const { page, finish } = await watchedPage(browser);
      const user = harness.emulator.state.createUser({
        firstName: "Seeded",
        email: `seeded-${Date.now()}@example.com`,
      });
      harness.emulator.frontend.sessions.setPassword(user.id, password);

      await page.goto(`${harness.origin}/dashboard`);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      await clerk.loaded({ page });
      await page.waitForLoadState("networkidle");
      await page.locator("input[name=identifier]").fill(user.email ?? "");
      await shot(page, "sign-in");
      await page.locator(".cl-formButtonPrimary").click();
      await page.locator("input[name=password]").fill(password);
      await page.locator(".cl-formButtonPrimary").click();
      await page.waitForURL((url) => url.pathname === "/dashboard");
      await expect
        .poll(() => page.getByTestId("user-id").textContent(), { timeout: 30_000 })
        .toBe(user.id);
      await finish();
    });

    it("lets @clerk/testing's Playwright helpers sign in and out, as a copied app's own tests would", {
      timeout: 120_000,
    }, async () => {
      const { page, finish } = await watchedPage(browser);
      const email = `helper-${Date.now()}+clerk_test@example.com`;
      harness.emulator.state.createUser({ email });
      // clerkSetup() fetches a testing token from the Backend API at CLERK_API_URL, as in a copied app's
      // .env; the emulator has no bot protection, so setupClerkTestingToken() has nothing to add. What it
      // sets in the environment goes with the test, so no app started later inherits it.
      vi.stubEnv("CLERK_API_URL", harness.emulator.apiUrl);
      vi.stubEnv("CLERK_FAPI", undefined);
      vi.stubEnv("CLERK_TESTING_TOKEN", undefined);
      onTestFinished(() => {
        vi.unstubAllEnvs();
      });
      await clerkSetup({
        publishableKey: harness.emulator.env.CLERK_PUBLISHABLE_KEY,
        secretKey: harness.emulator.env.CLERK_SECRET_KEY,
        frontendApiUrl: harness.emulator.frontendApiUrl,
        dotenv: false,
      });
      await setupClerkTestingToken({ page });
      await page.goto(`${harness.origin}/sign-in`);
      await clerk.signIn({ page, signInParams: { strategy: "email_code", identifier: email } });
      await page.goto(`${harness.origin}/dashboard`);
      expect(new URL(page.url()).pathname).toBe("/dashboard");
      await clerk.signOut({ page });
      await page.goto(`${harness.origin}/dashboard`);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      await finish();
    });
  });
}

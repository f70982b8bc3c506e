import { mkdirSync } from "node:fs";
import { clerk, clerkSetup, setupClerkTestingToken } from "@clerk/testing/playwright";
import { frontendApiSchemaErrors } from "@crosswalk/clerk-emulator/schemas";
import { organizationMemberships, organizations, users } from "@crosswalk/db";
import { eq, inArray } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import {
  chromiumAvailable,
  chromiumPath,
  completeOnboardingInPlace,
  expectProfileFromDatabase,
  fetchFromPage,
  launchChromium,
  signInWithPassword,
  signOutThroughUserButton,
  signUpThroughForm,
  watchedPage,
} from "../browser/index.ts";
import { type Harness, sessionTokenLifetimeSeconds } from "../harness/context.ts";

if (!chromiumAvailable)
  console.info(`browser checks skipped: no Chromium at ${chromiumPath} (set CHROMIUM_PATH)`);

// Screenshots change with every run (new ids on the page), so the walk leaves them only when asked:
// `pnpm docs:screenshots` names the folder.
const screenshots = process.env.CROSSWALK_SCREENSHOTS;
const password = "crosswalk-walk-password";

export function browserSuite(harness: Harness) {
  describe.skipIf(!chromiumAvailable)("in a browser, with Clerk's own components", () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchChromium();
      if (screenshots) mkdirSync(screenshots, { recursive: true });
    });
    afterAll(() => browser?.close());

    const shot = async (page: Page, name: string) => {
      if (screenshots)
        await page.screenshot({ path: `${screenshots}/${harness.config.framework}-${name}.png` });
    };
    const tokensMinted = () =>
      harness.emulator.frontend.exchanges.filter((e) => e.operation === "createSessionToken")
        .length;

    it("signs up, syncs, refreshes claims, switches organizations, outlives a token and signs out", {
      timeout: 300_000,
    }, async () => {
      const { page, finish, responses, describe: describePage } = await watchedPage(browser);
      const email = `walk-${Date.now()}+clerk_test@example.com`;

      // Sign up through <SignUp/>: email and password, then the test-mode code.
      await signUpThroughForm(page, harness.origin, { email, password }, async (error) => {
        const served = harness.emulator.frontend.exchanges.map((e) => `${e.operation} ${e.status}`);
        throw new Error(
          `${error.message}\n${await describePage()}\nFrontend API: ${served.join(", ")}`,
        );
      });
      const user = [...harness.emulator.state.users.values()].find((u) => u.email === email);
      expect(user).toBeDefined();
      await expect
        .poll(() => page.getByTestId("user-id").textContent(), { timeout: 30_000 })
        .toBe(user?.id);

      await expectProfileFromDatabase(page);
      await completeOnboardingInPlace(page, { afterAFailedRequest: true });

      // A navigation inside the app fetches the dashboard's data (an RSC payload, a loader's data, a server
      // function), which carries the signed-in user's data as the page does.
      await page.goto(harness.origin);
      await page.getByRole("link", { name: "Dashboard" }).click();
      await page.waitForURL((url) => url.pathname === "/dashboard");
      await expect
        .poll(() => page.getByTestId("user-id").textContent(), { timeout: 30_000 })
        .toBe(user?.id);

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
      // Where the switch loads the page again (Astro), Clerk's components mount once clerk-js has loaded.
      await page.locator(".cl-userButtonTrigger").waitFor();
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
      await signOutThroughUserButton(page, harness.origin);
      expect(
        [...harness.emulator.frontend.sessions.sessions.values()].filter(
          (s) => s.userId === user?.id && s.status === "active",
        ),
      ).toEqual([]);
      const seen = responses();
      await finish();
      // Every page and every data request of the app's own scripts depends on who asks: no cache may keep
      // one. Hashed scripts and the route manifests are the same for everyone.
      const fromTheApp = seen.filter(
        (response) =>
          response.url.origin === harness.origin &&
          !/^\/(?:(?:_next\/static|assets|_astro|_nuxt)\/|__manifest$)/.test(response.url.pathname),
      );
      expect(fromTheApp.map((response) => response.resourceType)).toContain("fetch");
      expect(
        fromTheApp
          .filter((response) => !/\bno-store\b/.test(response.cacheControl ?? ""))
          .map(
            (response) =>
              `${response.method} ${response.url.pathname}${response.url.search ? "?…" : ""} (${response.resourceType}, ${response.status}): ${response.cacheControl ?? "no Cache-Control"}`,
          ),
      ).toEqual([]);
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

      await signInWithPassword(page, harness.origin, { email: user.email ?? "", password }, () =>
        shot(page, "sign-in"),
      );
      await expect
        .poll(() => page.getByTestId("user-id").textContent(), { timeout: 30_000 })
        .toBe(user.id);
      await finish();
    });

    it("shows a member the organization's members and the admin as the author of the task they added", {
      timeout: 180_000,
    }, async () => {
      const state = harness.emulator.state;
      const stamp = Date.now();
      const organization = state.createOrganization({ name: `Workspace ${stamp}` });
      const admin = state.createUser({
        firstName: "Ada",
        lastName: "Admin",
        email: `admin-${stamp}@example.com`,
      });
      const member = state.createUser({
        firstName: "Max",
        lastName: "Member",
        email: `member-${stamp}@example.com`,
      });
      state.addMembership(organization.id, admin.id, "org:admin");
      state.addMembership(organization.id, member.id, "org:member");
      for (const user of [admin, member])
        harness.emulator.frontend.sessions.setPassword(user.id, password);
      await harness.emulator.webhooks.idle();

      const asAdmin = await watchedPage(browser);
      await signInWithPassword(asAdmin.page, harness.origin, {
        email: admin.email ?? "",
        password,
      });
      const form = asAdmin.page.getByTestId("new-task");
      await form.getByRole("textbox", { name: "Task title" }).fill("Review the contract");
      await form.getByRole("button", { name: "Add task" }).click();
      await expect
        .poll(() => asAdmin.page.getByTestId("task-title").allTextContents(), { timeout: 30_000 })
        .toEqual(["Review the contract"]);
      expect(await asAdmin.page.getByTestId("delete-task").count()).toBe(1);
      await asAdmin.finish();

      const asMember = await watchedPage(browser);
      await signInWithPassword(asMember.page, harness.origin, {
        email: member.email ?? "",
        password,
      });
      const { page } = asMember;
      await expect
        .poll(() => page.getByTestId("member-name").allTextContents(), { timeout: 30_000 })
        .toEqual(["Ada Admin", "Max Member"]);
      expect(await page.getByTestId("task-title").allTextContents()).toEqual([
        "Review the contract",
      ]);
      expect(await page.getByTestId("task-author").allTextContents()).toEqual(["Ada Admin"]);
      expect(await page.getByTestId("delete-task").count()).toBe(0);
      expect(await page.getByTestId("new-task").count()).toBe(0);
      await shot(page, "workspace");
      await asMember.finish();
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
      // <SignIn/> may leave the page by itself once the session exists, aborting this navigation (seen
      // with Astro under CI load); going again supersedes its redirect.
      await page.goto(`${harness.origin}/dashboard`).catch(async (error: unknown) => {
        if (!String(error).includes("net::ERR_ABORTED")) throw error;
        await page.goto(`${harness.origin}/dashboard`);
      });
      expect(new URL(page.url()).pathname).toBe("/dashboard");
      await clerk.signOut({ page });
      await page.goto(`${harness.origin}/dashboard`);
      expect(new URL(page.url()).pathname).toBe("/sign-in");
      await finish();
    });
  });
}

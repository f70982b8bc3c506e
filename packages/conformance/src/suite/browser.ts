import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

// Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Playwright's own browser download
// is not available on these machines.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
if (!available)
  console.info(`browser checks skipped: no Chromium at ${executablePath} (set CHROMIUM_PATH)`);

export function browserSuite(harness: Harness) {
  describe.skipIf(!available)("in a browser", () => {
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
    });
    afterAll(() => browser?.close());

    const cookiesFor = (values: Record<string, string>) =>
      Object.entries(values).map(([name, value]) => ({
        name,
        value,
        domain: "localhost",
        path: "/",
      }));

    it("renders the signed-in dashboard with session cookies the emulator minted", async () => {
      const user = harness.emulator.state.createUser({
        firstName: "Browser",
        publicMetadata: { role: "admin" },
      });
      const minted = await harness.emulator.mint({
        userId: user.id,
        authorizedParty: harness.origin,
        lifetimeSeconds: 600,
        claims: { metadata: { role: "admin", onboardingComplete: false } },
      });
      const context = await browser.newContext();
      await context.addCookies(cookiesFor({ ...harness.emulator.cookies(minted) }));
      const page = await context.newPage();
      await page.goto(`${harness.origin}/dashboard`, { waitUntil: "domcontentloaded" });
      expect(new URL(page.url()).pathname).toBe("/dashboard");
      expect(await page.getByTestId("user-id").textContent()).toBe(user.id);
      expect(await page.getByTestId("role").textContent()).toBe("admin");
      await page.screenshot({ path: `${harness.config.dir}/.data/dashboard.png`, fullPage: true });
      await context.close();
    });

    it("is sent to sign-in without a session", async () => {
      const context = await browser.newContext();
      await context.addCookies(
        cookiesFor({ __clerk_db_jwt: "dvb_conformance", __client_uat: "0" }),
      );
      const page = await context.newPage();
      await page.goto(`${harness.origin}/dashboard`, { waitUntil: "domcontentloaded" });
      const url = new URL(page.url());
      expect(url.pathname).toBe("/sign-in");
      expect(url.searchParams.get("redirect_url")).toContain("/dashboard");
      await context.close();
    });
  });
}

import { clerk } from "@clerk/testing/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { networkSettled } from "./page.ts";

/** The code a development instance takes for a `+clerk_test` address, with nothing sent. */
export const testModeCode = "424242";

/**
 * Waits until clerk-js has loaded, the component's form is on the page and its first requests have settled:
 * typing earlier would be lost. The components mount once the page has hydrated, which on a busy machine can
 * be well after clerk-js has loaded.
 */
async function clerkFormSettled(page: Page, firstField: string) {
  await clerk.loaded({ page });
  await page.locator(firstField).waitFor();
  await networkSettled(page);
}

const signUpCreated = (method: string, url: string) =>
  method === "POST" && new URL(url).pathname.endsWith("/v1/client/sign_ups");

/** Fills a field and waits until the value is there, so a re-render that replaced the field is noticed. */
async function fillField(page: Page, selector: string, value: string) {
  const field = page.locator(selector);
  await field.fill(value);
  await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toBe(value);
}

/**
 * Signs up through <SignUp/> with an email address and a password, then the code, and lands on the dashboard.
 * `onNoCode` adds what the page alone cannot tell when the code field never shows.
 */
export async function signUpThroughForm(
  page: Page,
  origin: string,
  { email, password, code = testModeCode }: { email: string; password: string; code?: string },
  onNoCode: (error: Error) => Promise<never> = (error) => Promise.reject(error),
) {
  await page.goto(`${origin}/sign-up`);
  await clerkFormSettled(page, "input[name=emailAddress]");
  const submit = async () => {
    const sent = page
      .waitForRequest((request) => signUpCreated(request.method(), request.url()), {
        timeout: 20_000,
      })
      .then(
        () => true,
        () => false,
      );
    await fillField(page, "input[name=emailAddress]", email);
    await fillField(page, "input[name=password]", password);
    await page.locator(".cl-formButtonPrimary").click();
    return sent;
  };
  // On a loaded CI machine the form has sent nothing once in a while, the page idle and what was typed
  // apparently not taken (seen with Astro's and Nuxt's SDKs, whose start-up mounts the form); a person would
  // press Continue again, and so does the walk, once. A sign-up that is broken fails the second time too.
  if (!(await submit())) {
    console.info("sign-up: the form sent nothing within 20 s; filling it in again");
    if (!(await submit())) await onNoCode(new Error("sign-up: the form sent nothing, twice"));
  }
  const codeField = page.locator("input[autocomplete=one-time-code]").first();
  await codeField.waitFor().catch(onNoCode);
  await codeField.pressSequentially(code);
  await page.waitForURL((url) => url.pathname === "/dashboard");
}

/** Signs in through <SignIn/> with an email address and a password, starting from the dashboard. */
export async function signInWithPassword(
  page: Page,
  origin: string,
  { email, password }: { email: string; password: string },
  beforeSubmit: () => Promise<unknown> = async () => {},
) {
  await page.goto(`${origin}/dashboard`);
  expect(new URL(page.url()).pathname).toBe("/sign-in");
  await clerkFormSettled(page, "input[name=identifier]");
  await fillField(page, "input[name=identifier]", email);
  await beforeSubmit();
  await page.locator(".cl-formButtonPrimary").click();
  await fillField(page, "input[name=password]", password);
  await page.locator(".cl-formButtonPrimary").click();
  await page.waitForURL((url) => url.pathname === "/dashboard");
}

/** The user.created webhook reached the sync route: the dashboard reads the profile from the row. */
export async function expectProfileFromDatabase(page: Page) {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId("profile").textContent();
      },
      { timeout: 30_000 },
    )
    .toMatch(/^from database/);
}

/**
 * "Complete onboarding": the reloaded session's token carries the new claim, with no page reload. With
 * `afterAFailedRequest`, the first press meets a dropped connection: the control says so and is pressed again.
 */
export async function completeOnboardingInPlace(
  page: Page,
  { afterAFailedRequest = false }: { afterAFailedRequest?: boolean } = {},
) {
  // Clerk has loaded once its user button shows; before that the page has no session to reload.
  await page.locator(".cl-userButtonTrigger").waitFor();
  await page.evaluate(() => Object.assign(globalThis, { walkMarker: true }));
  const button = page.getByRole("button", { name: "Complete onboarding" });
  if (afterAFailedRequest) {
    await page.route("**/api/onboarding/complete", (route) => route.abort("connectionreset"), {
      times: 1,
    });
    await button.click();
    await page.getByRole("alert").filter({ hasText: "Could not save" }).waitFor();
    await expect.poll(() => button.isEnabled(), { timeout: 10_000 }).toBe(true);
  }
  await button.click();
  await expect
    .poll(() => page.getByTestId("onboarding").textContent(), { timeout: 30_000 })
    .toBe("true");
  // A reload would have dropped the marker.
  expect(await page.evaluate(() => "walkMarker" in globalThis)).toBe(true);
}

/** <UserButton/> signs out; afterwards the dashboard sends to sign-in, opened or navigated to. */
export async function signOutThroughUserButton(page: Page, origin: string) {
  await page.locator(".cl-userButtonTrigger").click();
  await page.locator(".cl-userButtonPopoverActionButton__signOut").click();
  await page.waitForURL((url) => url.pathname !== "/dashboard");
  await page.goto(`${origin}/dashboard`);
  expect(new URL(page.url()).pathname).toBe("/sign-in");
  // A navigation inside the hydrated app is guarded too (a loader, beforeLoad or proxy, not only the document).
  await page.goto(origin);
  await page.waitForLoadState("networkidle");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  expect(new URL(page.url()).searchParams.get("redirect_url")).toContain("/dashboard");
}

import { clerk } from "@clerk/testing/playwright";
import { parseSessionClaims } from "@crosswalk/claims";
import { decodeJwt } from "jose";
import type { Page, Request, Response } from "playwright-core";
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
 * Whether clerk-js sent this request because the page asked for a new token: a session reload, or
 * `getToken({ skipCache: true })`, which clerk-js marks `debug=skip_cache`. Its own refreshes (a timer 17 s
 * before expiry in clerk-js 6, a 5 s poller minting under 15 s left in clerk-js 5) ask `/tokens` unmarked.
 */
function askedForToken(method: string, url: URL): boolean {
  const session = /\/v1\/client\/sessions\/[^/]+(\/tokens)?$/.exec(url.pathname);
  if (!session) return false;
  return session[1] ? url.searchParams.get("debug") === "skip_cache" : method === "GET";
}

/** The session token in a Frontend API answer: a token request's, or a reloaded session's. */
function tokenIn(body: unknown): string | undefined {
  const reply = body as {
    jwt?: string;
    response?: { last_active_token?: { jwt?: string } | null };
  };
  return reply?.jwt ?? reply?.response?.last_active_token?.jwt;
}

/**
 * "Complete onboarding", pressed as a person would: on a freshly loaded dashboard, as soon as the button shows
 * (Playwright's click waits until it is enabled, no longer). The press must write the metadata, then have
 * clerk-js fetch a token carrying the new claim, and the page must show it without a reload. Timing alone cannot
 * tell that token from clerk-js's own refresh (with the suite's 15 s tokens clerk-js 5 mints every 5 s), so the
 * request it came back from does. With `afterAFailedRequest`, the first press meets a dropped connection: the
 * control says so and is pressed again.
 */
export async function completeOnboardingInPlace(
  page: Page,
  { afterAFailedRequest = false }: { afterAFailedRequest?: boolean } = {},
) {
  await page.reload({ waitUntil: "commit" });
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
  let written: number | undefined;
  const asked: Promise<boolean>[] = [];
  const onResponse = (response: Response) => {
    if (new URL(response.url()).pathname === "/api/onboarding/complete")
      written = response.status();
  };
  const onRequest = (request: Request) => {
    if (written !== 200 || !askedForToken(request.method(), new URL(request.url()))) return;
    asked.push(
      request
        .response()
        .then((response) => response?.json())
        .then((body) => {
          const token = tokenIn(body);
          return (
            token !== undefined && parseSessionClaims(decodeJwt(token)).claims.onboardingComplete
          );
        })
        .catch(() => false),
    );
  };
  page.on("response", onResponse);
  page.on("request", onRequest);
  await button.click();
  await expect
    .poll(() => written, {
      timeout: 20_000,
      message:
        "the press sent no POST /api/onboarding/complete (pressed before its handler existed?)",
    })
    .toBe(200);
  await expect
    .poll(async () => (await Promise.all(asked)).some(Boolean), {
      timeout: 10_000,
      message:
        "after the write, clerk-js was not asked for a token carrying the claim (no session reload, no getToken({ skipCache: true }))",
    })
    .toBe(true);
  await expect
    .poll(() => page.getByTestId("onboarding").textContent(), { timeout: 10_000 })
    .toBe("true");
  page.off("response", onResponse);
  page.off("request", onRequest);
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

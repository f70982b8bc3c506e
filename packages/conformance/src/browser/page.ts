import { existsSync } from "node:fs";
import { type Browser, chromium, type Page, type Request } from "playwright-core";
import { expect } from "vitest";

// Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Playwright's own browser download
// is not available on these machines.
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = existsSync(chromiumPath);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
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
}

// In development, <SignIn/> and <SignUp/> fetch a path under their own route to check that it is a catch-all
// route, and never read the body: Next's dev server streams it, so the request stays open and the page is
// never idle in Playwright's sense. It is Clerk's own check, not something the page waits for.
const clerkCatchAllCheck = /_clerk_catchall_check_/;
const inFlight = new WeakMap<Page, Set<Request>>();

/** Resolves once the page has had no request in flight for `quietMs` (Clerk's catch-all check aside). */
export async function networkSettled(page: Page, quietMs = 500, timeoutMs = 60_000) {
  const requests = inFlight.get(page);
  if (!requests) return page.waitForLoadState("networkidle");
  const deadline = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline)
      throw new Error(
        `requests still in flight after ${timeoutMs / 1000} s: ${[...requests].map((r) => r.url()).join(", ")}`,
      );
    if (requests.size > 0) quietSince = Date.now();
    await page.waitForTimeout(50);
  }
}

const loopback = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?\//;

/** A response the page got for a document or a script's request, as a cache between it and the app saw it. */
export interface SeenResponse {
  method: string;
  url: URL;
  resourceType: string;
  status: number;
  cacheControl: string | undefined;
}

export interface WatchedPage {
  page: Page;
  /** Every document, fetch and XHR response the page got so far (scripts, styles and images left out). */
  responses(): SeenResponse[];
  /** Requests off the machine, uncaught errors and console errors so far, each a line. */
  errors(): string[];
  /** What the page showed and logged, for a failed step's message (no cookies, no tokens). */
  describe(): Promise<string>;
  /** Fails the test if anything left the machine or the page threw (or logged an error), then closes it. */
  finish(): Promise<void>;
}

export interface WatchOptions {
  /** Console errors fail the page too: off where a check provokes a 4xx, which Chromium logs as one. */
  consoleErrors?: boolean;
}

/** A page that records what would make a check meaningless: a request off the machine, an error. */
export async function watchedPage(
  browser: Browser,
  { consoleErrors: failOnConsoleErrors = false }: WatchOptions = {},
): Promise<WatchedPage> {
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
  const seen: SeenResponse[] = [];
  page.on("response", (response) => {
    const resourceType = response.request().resourceType();
    if (!["document", "fetch", "xhr"].includes(resourceType)) return;
    seen.push({
      method: response.request().method(),
      url: new URL(response.url()),
      resourceType,
      status: response.status(),
      cacheControl: response.headers()["cache-control"],
    });
  });
  const requests = new Set<Request>();
  inFlight.set(page, requests);
  // The latest requests, by method, path (the query can hold a token) and outcome, for a failed step's message.
  const recent: { request: Request; outcome: string }[] = [];
  const settle = (request: Request, outcome: string) => {
    requests.delete(request);
    const entry = recent.find((candidate) => candidate.request === request);
    if (entry) entry.outcome = outcome;
  };
  page.on("request", (request) => {
    if (!clerkCatchAllCheck.test(request.url())) requests.add(request);
    recent.push({ request, outcome: "pending" });
    if (recent.length > 25) recent.shift();
  });
  page.on("requestfinished", async (request) => {
    const response = await request.response().catch(() => null);
    settle(request, String(response?.status() ?? "finished"));
  });
  page.on("requestfailed", (request) => settle(request, request.failure()?.errorText ?? "failed"));
  return {
    page,
    responses: () => [...seen],
    errors: () => [
      ...leftTheMachine.map((url) => `left the machine: ${url}`),
      ...thrown.map((message) => `uncaught: ${message}`),
      ...consoleErrors.map((text) => `console error: ${text}`),
    ],
    async describe() {
      const text = await page
        .locator("body")
        .textContent()
        .catch(() => null);
      const lastRequests = recent.map(({ request, outcome }) => {
        const url = new URL(request.url());
        return `  ${request.method()} ${url.origin}${url.pathname} ${outcome}`;
      });
      return [
        `at ${page.url()}`,
        `page text: ${(text ?? "").slice(0, 800)}`,
        `console errors: ${consoleErrors.join(" | ")}`,
        `latest requests:\n${lastRequests.join("\n")}`,
      ].join("\n");
    },
    async finish() {
      await context.close();
      expect(leftTheMachine).toEqual([]);
      expect(thrown).toEqual([]);
      if (failOnConsoleErrors) expect(consoleErrors).toEqual([]);
    },
  };
}

/** A same-origin call from the page, carrying its cookies as the app's own scripts would. */
export function fetchFromPage(page: Page, path: string, method = "GET") {
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

import { recordingLogger } from "@crosswalk/log/testing";
import { afterEach, expect, it, vi } from "vitest";
import {
  corsPolicy,
  frameworkErrorResult,
  isPageDataFailure,
  jsonErrors,
  loadPageData,
  PageDataFailure,
} from "../src/index.ts";

afterEach(() => vi.restoreAllMocks());

it("answers 500 internal_error for whatever a route throws, logging the error's name only", async () => {
  const logged: unknown[][] = [];
  vi.spyOn(console, "error").mockImplementation((...args) => logged.push(args));
  const route = jsonErrors("nextjs", async (_request: Request) => {
    throw new TypeError("could not read bio=secret for grace@example.com");
  });
  const response = await route(new Request("http://localhost/api/profile?email=grace@example.com"));
  expect(response.status).toBe(500);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ error: "internal_error" });
  expect(logged).toEqual([["[nextjs] GET /api/profile failed: TypeError"]]);
});

it("passes a route's own answer and a thrown Response (a redirect) through", async () => {
  const answered = jsonErrors("remix", async () => Response.json({ ok: true }));
  expect(await (await answered()).json()).toEqual({ ok: true });
  const redirect = new Response(null, { status: 307, headers: { location: "/sign-in" } });
  const redirecting = jsonErrors("remix", async () => {
    throw redirect;
  });
  await expect(redirecting()).rejects.toBe(redirect);
});

it("throws again what the framework throws for control flow, when told how to tell it", async () => {
  const notFoundSignal = Object.assign(new Error("NEXT_HTTP_ERROR_FALLBACK;404"), {
    digest: "404",
  });
  const route = jsonErrors(
    "nextjs",
    async () => {
      throw notFoundSignal;
    },
    {
      rethrow: (error) => {
        if ((error as { digest?: string }).digest) throw error;
      },
    },
  );
  await expect(route()).rejects.toBe(notFoundSignal);
});

it("gives a page an error that names only where to look, and logs the failure by name and code", async () => {
  const log = recordingLogger();
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
  });
  const failing = loadPageData(
    "tanstack-start",
    "/dashboard",
    async () => {
      throw new Error("select bio from users where email = 'grace@example.com'", {
        cause: refused,
      });
    },
    { log },
  );
  await expect(failing).rejects.toThrow(/^GET \/dashboard failed; the server log says why$/);
  expect(log.lines).toEqual([
    { level: "error", context: {}, message: "GET /dashboard failed: Error ECONNREFUSED" },
  ]);
  expect(await loadPageData("nextjs", "/", async () => ({ ok: true }), { log })).toEqual({
    ok: true,
  });
});

it("tells a page's logged failure apart from other errors, also across copies of the module", async () => {
  // Next.js bundles its instrumentation apart from its pages: each gets its own copy of this package.
  const secondCopy = "../src/fetch.ts?second-copy";
  const copy: typeof import("../src/fetch.ts") = await import(/* @vite-ignore */ secondCopy);
  const failure = await copy
    .loadPageData("nextjs", "/dashboard", () => Promise.reject(new Error("boom")), {
      log: recordingLogger(),
    })
    .catch((error: unknown) => error);
  expect(failure).not.toBeInstanceOf(PageDataFailure);
  expect(isPageDataFailure(failure)).toBe(true);
  expect(isPageDataFailure(Object.assign(new Error("x"), { name: "PageDataFailure" }))).toBe(false);
  expect(isPageDataFailure("PageDataFailure")).toBe(false);
});

it("passes the framework's redirects through a page's data untouched", async () => {
  const log = recordingLogger();
  const redirect = Object.assign(new Error("redirect"), { isRedirect: true });
  const loading = loadPageData(
    "tanstack-start",
    "/dashboard",
    async () => {
      throw redirect;
    },
    {
      log,
      rethrow: (error) => {
        if ((error as { isRedirect?: boolean }).isRedirect) throw error;
      },
    },
  );
  await expect(loading).rejects.toBe(redirect);
  expect(log.lines).toEqual([]);
});

it("answers a framework's own client error by its status in the contract's words, unlogged", () => {
  const log = recordingLogger();
  const failed = { method: "PUT", path: "/api/profile" };
  const refused = (status: number | undefined) =>
    frameworkErrorResult("fastify", new Error("refused"), status, failed, log);
  expect(refused(400)).toEqual({ status: 400, body: { error: "invalid_request" } });
  expect(refused(415)).toEqual({ status: 415, body: { error: "unsupported_media_type" } });
  expect(refused(429)).toEqual({ status: 429, body: { error: "rate_limited" } });
  expect(refused(405)).toEqual({ status: 404, body: { error: "not_found" } });
  expect(refused(408)).toEqual({ status: 408, body: { error: "request_timeout" } });
  expect(refused(499)).toEqual({ status: 499, body: { error: "client_error" } });
  expect(log.lines).toEqual([]);
  // A server error the framework raised, or an error that carries no status, is the app's failure.
  expect(refused(503)).toEqual({ status: 500, body: { error: "internal_error" } });
  expect(refused(undefined)).toEqual({ status: 500, body: { error: "internal_error" } });
  expect(log.lines).toHaveLength(2);
});

it("allows CORS from the authorized parties only, with each route's own methods", () => {
  const policy = corsPolicy(["https://spa.example"]);
  expect(policy.allowedOrigin("https://spa.example")).toBe("https://spa.example");
  expect(policy.allowedOrigin("https://evil.example")).toBeUndefined();
  expect(policy.allowedOrigin(undefined)).toBeUndefined();
  expect(policy.methods("/api/profile")).toEqual(["GET", "HEAD", "PUT"]);
  expect(policy.methods("/api/org/tasks/abc")).toEqual(["DELETE"]);
  expect(policy.methods("/api/webhooks/clerk")).toEqual([]);
  expect(policy.methods("/api/health")).toEqual([]);
  expect(policy.methods("/api/unlisted")).toEqual([]);
});

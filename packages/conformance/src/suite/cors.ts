import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RunningApp, startApp } from "../harness/app-process.ts";
import type { Harness } from "../harness/context.ts";
import { type AppDatabase, createAppDatabase } from "../harness/database.ts";

/** A single-page app on an origin of its own, which the API lists among its authorized parties. */
const spaOrigin = "https://spa.example";
const strangerOrigin = "https://evil.example";

const corsHeaderNames = (headers: Headers) =>
  [...headers.keys()].filter((name) => name.startsWith("access-control-"));
const listed = (value: string | null) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean)
    .toSorted();

function preflight(url: string, origin: string, method: string) {
  return fetch(url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization, content-type",
    },
  });
}

/**
 * An API app answers a browser on another origin (a SPA calling it with a Bearer token) by the CORS rules; a
 * page app serves its own origin and has none.
 */
export function corsSuite(harness: Harness) {
  describe.runIf(!harness.config.pages)("CORS, for a single-page app on another origin", () => {
    let app: RunningApp;
    let database: AppDatabase;

    beforeAll(async () => {
      const port = await freePort();
      // A database of its own: two processes on one PGlite folder would overwrite each other's writes.
      database = await createAppDatabase(process.env.TEST_DATABASE_URL);
      app = await startApp(
        harness.config,
        {
          ...harness.emulator.env,
          ...database.env,
          CLERK_AUTHORIZED_PARTIES: `http://localhost:${port},${spaOrigin}`,
        },
        { port },
      );
    });
    afterAll(async () => {
      await app?.stop();
      await database?.drop();
    });

    it.each([
      ["/api/me", "GET", ["get", "head"]],
      ["/api/profile", "PUT", ["get", "head", "put"]],
      ["/api/org/tasks", "POST", ["get", "head", "post"]],
      ["/api/org/tasks/00000000-0000-4000-8000-000000000000", "DELETE", ["delete"]],
      ["/api/onboarding/complete", "POST", ["post"]],
    ])(
      "answers a preflight for %s from an authorized origin with the route's methods",
      async (path, method, methods) => {
        const response = await preflight(`${app.url}${path}`, spaOrigin, method);
        expect(response.status).toBe(204);
        expect(response.headers.get("access-control-allow-origin")).toBe(spaOrigin);
        expect(listed(response.headers.get("access-control-allow-methods"))).toEqual(methods);
        expect(listed(response.headers.get("access-control-allow-headers"))).toEqual([
          "authorization",
          "content-type",
        ]);
        expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
        expect(listed(response.headers.get("vary"))).toContain("origin");
        // Bearer tokens only: the session cookie never crosses origins.
        expect(response.headers.get("access-control-allow-credentials")).toBeNull();
      },
    );

    it("answers a preflight from an origin that is not an authorized party as an unlisted method, with no CORS headers", async () => {
      const response = await preflight(`${app.url}/api/me`, strangerOrigin, "GET");
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not_found" });
      // The browser blocks what follows.
      expect(corsHeaderNames(response.headers)).toEqual([]);
    });

    it("lets the authorized origin read a Bearer answer, and refuses a token made for another origin", async () => {
      const user = harness.emulator.state.createUser();
      const { token } = await harness.emulator.mint({
        userId: user.id,
        authorizedParty: spaOrigin,
      });
      const allowed = await fetch(`${app.url}/api/me`, {
        headers: { origin: spaOrigin, authorization: `Bearer ${token}` },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(spaOrigin);
      expect(listed(allowed.headers.get("vary"))).toContain("origin");

      const stranger = await harness.emulator.mint({
        userId: user.id,
        authorizedParty: strangerOrigin,
      });
      const refused = await fetch(`${app.url}/api/me`, {
        headers: { origin: strangerOrigin, authorization: `Bearer ${stranger.token}` },
      });
      expect(refused.status).toBe(401);
      expect(corsHeaderNames(refused.headers)).toEqual([]);
    });

    it.each(["/api/webhooks/clerk", "/api/health"])(
      "keeps %s out of CORS: a preflight is an unlisted method",
      async (path) => {
        const response = await preflight(`${app.url}${path}`, spaOrigin, "POST");
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ error: "not_found" });
        expect(corsHeaderNames(response.headers)).toEqual([]);
      },
    );
  });

  describe.runIf(harness.config.pages)("no CORS on a page app, which serves its own origin", () => {
    it.each(["/api/me", "/api/profile"])(
      "answers a preflight for %s as an unlisted method",
      async (path) => {
        const response = await preflight(`${harness.origin}${path}`, spaOrigin, "GET");
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ error: "not_found" });
        expect(corsHeaderNames(response.headers)).toEqual([]);
      },
    );
  });
}

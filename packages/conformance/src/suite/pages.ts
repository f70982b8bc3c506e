import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

const documentRequest = {
  accept: "text/html",
  "sec-fetch-dest": "document",
  "sec-fetch-mode": "navigate",
};
// A signed-out browser that has loaded Clerk on a development instance carries the dev browser cookie and
// a zero __client_uat; without them Clerk's handshake with the Frontend API comes first.
const signedOutBrowser = "__clerk_db_jwt=dvb_conformance; __client_uat=0";

export function pagesSuite(harness: Harness) {
  describe("pages", () => {
    it("serves the public home page with links to sign in and to the dashboard", async () => {
      const response = await harness.request("/", {
        cookie: signedOutBrowser,
        headers: documentRequest,
      });
      expect(response.status).toBe(200);
      expect(response.text).toContain('href="/sign-in');
      expect(response.text).toContain('href="/dashboard"');
    });

    it("redirects a signed-out visitor from /dashboard to sign-in", async () => {
      const response = await harness.request("/dashboard", {
        cookie: signedOutBrowser,
        headers: documentRequest,
      });
      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(response.status).toBeLessThan(400);
      const location = new URL(response.headers.get("location") ?? "", harness.origin);
      expect(location.pathname).toBe("/sign-in");
      expect(location.searchParams.get("redirect_url")).toContain("/dashboard");
    });

    it("renders the dashboard for a signed-in user with the role claim", async () => {
      const user = harness.emulator.state.createUser({
        firstName: "Dash",
        publicMetadata: { role: "admin" },
      });
      const cookie = await harness.sessionCookie({
        userId: user.id,
        claims: { metadata: { role: "admin" } },
      });
      const response = await harness.request("/dashboard", { cookie, headers: documentRequest });
      expect(response.status).toBe(200);
      expect(response.text).toContain(user.id);
      expect(response.text).toContain("admin");
      // Rendered for one user: no shared cache may keep it.
      expect(response.headers.get("cache-control")).toMatch(/\bprivate\b/);
      expect(response.headers.get("cache-control")).toMatch(/\bno-store\b/);
    });

    it("answers a page no route serves with 404 and the shared not-found page", async () => {
      const response = await harness.request("/no-such-page", {
        cookie: signedOutBrowser,
        headers: documentRequest,
      });
      expect(response.status).toBe(404);
      expect(response.text).toContain("Page not found");
    });

    it("caches its hashed scripts for good and its other static files an hour at most", async () => {
      const home = await harness.request("/", {
        cookie: signedOutBrowser,
        headers: documentRequest,
      });
      // Vite's hashed output lives under /assets (Astro's under /_astro, Nuxt's under /_nuxt), Next's under /_next/static.
      const script = /["'](\/(?:assets|_astro|_nuxt|_next\/static)\/[^"']+\.js)["']/.exec(
        home.text,
      )?.[1];
      expect(script).toBeDefined();
      const hashed = await harness.request(script ?? "");
      expect(hashed.status).toBe(200);
      expect(hashed.headers.get("cache-control")).toMatch(/immutable/);

      // A favicon or robots.txt replaced in public/ must reach browsers within the hour.
      const favicon = await harness.request("/favicon.ico");
      expect(favicon.status).toBe(200);
      const cacheControl = favicon.headers.get("cache-control") ?? "";
      expect(cacheControl).not.toMatch(/immutable/);
      expect(Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? 0)).toBeLessThanOrEqual(3_600);
    });
  });
}

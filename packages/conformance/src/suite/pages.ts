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
      // Back to this app's own dashboard: a redirect built on another origin (a build's default port) would
      // land the visitor somewhere else once signed in.
      const back = new URL(location.searchParams.get("redirect_url") ?? "", harness.origin);
      expect(back.href).toBe(`${harness.origin}/dashboard`);
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
    });

    it("renders the organization's members and tasks, a member not synced yet while the Backend API fails", async () => {
      const state = harness.emulator.state;
      const organization = state.createOrganization({ name: `Pages ${Date.now()}` });
      const admin = state.createUser({ firstName: "Page", lastName: "Admin" });
      state.addMembership(organization.id, admin.id, "org:admin");
      // The newcomer's user.created is lost on the way: the copy has their membership, not their name.
      harness.emulator.webhooks.configure({ dropNext: 1 });
      const newcomer = state.createUser({ firstName: "Late", lastName: "Arrival" });
      state.addMembership(organization.id, newcomer.id, "org:member");
      await harness.emulator.webhooks.idle();
      const session = {
        userId: admin.id,
        organization: {
          id: organization.id,
          slug: organization.slug ?? "",
          role: "org:admin",
          permissions: ["org:tasks:read", "org:tasks:create", "org:tasks:delete"],
        },
      };
      const created = await harness.request("/api/org/tasks", {
        method: "POST",
        token: await harness.token(session),
        body: '{"title":"Greet the newcomer"}',
      });
      expect(created.status).toBe(201);
      const cookie = await harness.sessionCookie(session);
      harness.emulator.backend.faults = { status: 503, path: "/v1/users" };
      let degraded: Awaited<ReturnType<typeof harness.request>>;
      try {
        degraded = await harness.request("/dashboard", { cookie, headers: documentRequest });
      } finally {
        harness.emulator.backend.faults = {};
      }
      expect(degraded.status).toBe(200);
      expect(degraded.text).toContain('data-testid="members"');
      expect(degraded.text).toContain("Page Admin");
      expect(degraded.text).toContain("Not synced yet");
      expect(degraded.text).not.toContain("Arrival");
      expect(degraded.text).toContain("Greet the newcomer");
      const filled = await harness.request("/dashboard", { cookie, headers: documentRequest });
      expect(filled.text).toContain("Late Arrival");
      expect(filled.text).not.toContain("Not synced yet");
    });

    it("does not open the dashboard for a pending session (a session task is left)", async () => {
      const user = harness.emulator.state.createUser();
      const cookie = await harness.sessionCookie({ userId: user.id, status: "pending" });
      const response = await harness.request("/dashboard", { cookie, headers: documentRequest });
      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(response.status).toBeLessThan(400);
      expect(new URL(response.headers.get("location") ?? "", harness.origin).pathname).toMatch(
        /^\/sign-in/,
      );
      expect(response.text).not.toContain(user.id);
    });

    // A form posted to a page (a copier's form before its action exists, a stranger's page) is the client's
    // request, answered by the framework (a render, or 405 where no action takes it): never a failure.
    it.each([
      ["this app's page", "same-origin"],
      ["another site", "cross-site"],
    ])("answers a form POST to a page from %s without failing", async (_label, site) => {
      const user = harness.emulator.state.createUser();
      await harness.emulator.webhooks.idle();
      const cookie = await harness.sessionCookie({ userId: user.id });
      const before = harness.app.output().length;
      const response = await harness.request("/dashboard", {
        method: "POST",
        cookie,
        headers: {
          ...documentRequest,
          origin: site === "same-origin" ? harness.origin : "https://evil.example",
          "sec-fetch-site": site,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "title=planted",
      });
      expect(response.status).toBeLessThan(500);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(harness.app.output().slice(before)).not.toMatch(/failed|error/i);
    });

    // Astro checks the origin of every form post to a page or an Action itself (security.checkOrigin); a copier
    // who adds one must find that check on.
    it.runIf(harness.config.framework === "astro")(
      "refuses a cross-site form POST to a page, as Astro's origin check does",
      async () => {
        const user = harness.emulator.state.createUser();
        const cookie = await harness.sessionCookie({ userId: user.id });
        const response = await harness.request("/dashboard", {
          method: "POST",
          cookie,
          headers: {
            ...documentRequest,
            origin: "https://evil.example",
            "sec-fetch-site": "cross-site",
            "content-type": "application/x-www-form-urlencoded",
          },
          body: "title=planted",
        });
        expect(response.status).toBe(403);
        expect(response.text).not.toContain(user.id);
      },
    );

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

import { userProfiles } from "@crosswalk/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

const crossSite = { error: "cross_site_request" };

/** Writes that ride the session cookie must come from an authorized party's page. */
export function crossSiteSuite(harness: Harness) {
  describe("cross-site writes with the session cookie", () => {
    const signedInUser = async () => {
      const user = harness.emulator.state.createUser();
      await harness.emulator.webhooks.idle();
      return { user, cookie: await harness.sessionCookie({ userId: user.id }) };
    };
    const profileRows = (userId: string) =>
      harness.database.check(async (db) => {
        expect(
          await db.select().from(userProfiles).where(eq(userProfiles.clerkUserId, userId)),
        ).toEqual([]);
      });

    it.each([
      ["another site", { origin: "https://evil.example" }],
      ["a sibling localhost port", { origin: "http://localhost:1" }],
      ["a page with an opaque origin", { origin: "null" }],
      ["no Origin, Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
      ["no Origin, Sec-Fetch-Site same-site", { "sec-fetch-site": "same-site" }],
    ])(
      "PUT /api/profile from %s is refused with 403 and writes nothing",
      async (_label, headers) => {
        const { user, cookie } = await signedInUser();
        const response = await harness.request("/api/profile", {
          method: "PUT",
          cookie,
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ bio: "planted" }),
        });
        expect(response.status).toBe(403);
        expect(response.json).toEqual(crossSite);
        await profileRows(user.id);
      },
    );

    it("a text/plain form POST from another site creates no task", async () => {
      const { user } = await signedInUser();
      const cookie = await harness.sessionCookie({
        userId: user.id,
        organization: {
          id: "org_2conformanceCrossSite0000000",
          slug: "cross-site",
          role: "org:admin",
          permissions: ["org:tasks:read", "org:tasks:create", "org:tasks:delete"],
        },
      });
      const response = await harness.request("/api/org/tasks", {
        method: "POST",
        cookie,
        headers: { origin: "https://evil.example", "content-type": "text/plain" },
        body: '{"title":"x=}',
      });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(crossSite);
      const same = await harness.request("/api/org/tasks", {
        method: "POST",
        cookie,
        headers: { origin: harness.origin, "content-type": "text/plain" },
        body: '{"title":"x"}',
      });
      expect(same.status).toBe(415);
      expect(same.json).toEqual({ error: "unsupported_media_type" });
      expect((await harness.request("/api/org/tasks", { cookie })).json).toEqual({ tasks: [] });
    });

    it("a bodiless POST from another site does not complete onboarding", async () => {
      const { user, cookie } = await signedInUser();
      const response = await harness.request("/api/onboarding/complete", {
        method: "POST",
        cookie,
        headers: { origin: "https://evil.example" },
      });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(crossSite);
      expect(harness.emulator.state.users.get(user.id)?.publicMetadata).not.toMatchObject({
        onboardingComplete: true,
      });
    });

    it("DELETE /api/org/tasks/:id from another site is refused and deletes nothing", async () => {
      const { user } = await signedInUser();
      const organization = {
        id: "org_2conformanceCrossSiteDel0000",
        slug: "cross-site-delete",
        role: "org:admin",
        permissions: ["org:tasks:read", "org:tasks:create", "org:tasks:delete"],
      };
      const token = await harness.token({ userId: user.id, organization });
      const created = await harness.request("/api/org/tasks", {
        method: "POST",
        token,
        body: JSON.stringify({ title: "keep me" }),
      });
      const taskId = (created.json as { task: { id: string } }).task.id;
      const cookie = await harness.sessionCookie({ userId: user.id, organization });
      const response = await harness.request(`/api/org/tasks/${taskId}`, {
        method: "DELETE",
        cookie,
        headers: { origin: "https://evil.example" },
      });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(crossSite);
      expect((await harness.request("/api/org/tasks", { token })).json).toMatchObject({
        tasks: [{ id: taskId }],
      });
    });

    it("a cookie write beside an Authorization header of another scheme is still checked", async () => {
      const { user, cookie } = await signedInUser();
      // Browsers replay cached HTTP Basic credentials on a cross-site form post; the SDK then reads the cookie.
      const response = await harness.request("/api/profile", {
        method: "PUT",
        cookie,
        headers: { authorization: "Basic dXNlcjpwYXNz", origin: "https://evil.example" },
        body: JSON.stringify({ bio: "planted" }),
      });
      expect(response.status).toBe(403);
      expect(response.json).toEqual(crossSite);
      await profileRows(user.id);
    });

    it("the app's own pages write as before, and Bearer requests are not checked", async () => {
      const { user, cookie } = await signedInUser();
      const own = await harness.request("/api/profile", {
        method: "PUT",
        cookie,
        headers: { origin: harness.origin, "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ bio: "mine" }),
      });
      expect(own.status).toBe(200);
      const bearer = await harness.request("/api/profile", {
        method: "PUT",
        token: await harness.token({ userId: user.id }),
        headers: { origin: "https://elsewhere.example" },
        body: JSON.stringify({ bio: "api client" }),
      });
      expect(bearer.status).toBe(200);
      expect(bearer.json).toMatchObject({ profile: { bio: "api client" } });
    });

    // TanStack Start's server functions are same-origin RPC endpoints under /_serverFn, outside the contract's
    // routes; Start's own CSRF middleware guards them once the app lists it.
    it.runIf(harness.config.framework === "tanstack-start")(
      "refuses a cross-site call of a server function before it runs",
      async () => {
        const call = (headers: Record<string, string>) =>
          harness.request("/_serverFn/conformance", { method: "POST", headers, body: "{}" });
        const crossSite = await call({
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
        });
        expect(crossSite.status).toBe(403);
        const sameOrigin = await call({ origin: harness.origin, "sec-fetch-site": "same-origin" });
        expect(sameOrigin.status).not.toBe(403);
      },
    );
  });
}

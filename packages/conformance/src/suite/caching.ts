import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

/** `private, no-store`, in these words or among others (Next.js adds its own to every dynamic page). */
function expectPerVisitor(cacheControl: string | null) {
  const directives = (cacheControl ?? "").split(",").map((directive) => directive.trim());
  expect(directives).toEqual(expect.arrayContaining(["private", "no-store"]));
}

export function cachingSuite(harness: Harness) {
  // A CDN or proxy set to cache everything must never hand one user's answer to another.
  describe("caching", () => {
    it.each(["/api/me", "/api/claims", "/api/profile", "/api/org/tasks"])(
      "%s answers Cache-Control: private, no-store, signed in or not",
      async (path) => {
        const user = harness.emulator.state.createUser();
        const token = await harness.token({ userId: user.id });
        const signedIn = await harness.request(path, { token });
        const signedOut = await harness.request(path);
        expect(signedOut.status).toBe(401);
        for (const answer of [signedIn, signedOut])
          expect(answer.headers.get("cache-control")).toBe("private, no-store");
      },
    );

    // Every SDK embeds the auth state (user, session, organization, claims) in the pages it renders on the
    // server, signed out included: each page is one visitor's.
    const documentRequest = {
      accept: "text/html",
      "sec-fetch-dest": "document",
      "sec-fetch-mode": "navigate",
    };
    it.runIf(harness.config.pages).each(["/", "/sign-in", "/sign-up", "/dashboard"])(
      "answers the page %s Cache-Control: private, no-store, signed in",
      async (path) => {
        const user = harness.emulator.state.createUser();
        await harness.emulator.webhooks.idle();
        const cookie = await harness.sessionCookie({ userId: user.id });
        const page = await harness.request(path, { cookie, headers: documentRequest });
        expect(page.status).toBe(200);
        expectPerVisitor(page.headers.get("cache-control"));
      },
    );

    it.runIf(harness.config.pages).each(["/", "/sign-in", "/dashboard"])(
      "answers the page %s Cache-Control: private, no-store, signed out",
      async (path) => {
        const page = await harness.request(path, {
          cookie: "__clerk_db_jwt=dvb_conformance; __client_uat=0",
          headers: documentRequest,
        });
        expect(page.status).toBeLessThan(400);
        expectPerVisitor(page.headers.get("cache-control"));
      },
    );

    it("answers the sync route's deliveries Cache-Control: no-store", async () => {
      const response = await harness.request("/api/webhooks/clerk", { method: "POST", body: "{}" });
      expect(response.status).toBe(400);
      expect(response.headers.get("cache-control")).toBe("no-store");
    });
  });
}

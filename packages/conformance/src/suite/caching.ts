import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

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

    it("answers the sync route's deliveries Cache-Control: no-store", async () => {
      const response = await harness.request("/api/webhooks/clerk", { method: "POST", body: "{}" });
      expect(response.status).toBe(400);
      expect(response.headers.get("cache-control")).toBe("no-store");
    });
  });
}

import { userProfiles } from "@crosswalk/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";

const serverUrl = process.env.TEST_DATABASE_URL;

/** Everything under /api answers the contract's JSON, whatever failed and wherever. */
export function errorsSuite(harness: Harness) {
  describe("errors under /api are the contract's JSON", () => {
    const expectJson = (response: { headers: Headers; json: unknown }, body: unknown) => {
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.json).toEqual(body);
    };

    it.each([
      ["GET", "/api/nope"],
      ["POST", "/api/nope/deeper"],
      ["GET", "/api/webhooks"],
      ["GET", "/api"],
      ["GET", "/api/org/tasks/some-task/extra"],
    ])("%s %s (unlisted path) answers 404 not_found", async (method, path) => {
      const response = await harness.request(path, { method, headers: { accept: "*/*" } });
      expect(response.status).toBe(404);
      expectJson(response, { error: "not_found" });
    });

    it.each([
      ["PATCH", "/api/profile"],
      ["DELETE", "/api/me"],
      ["POST", "/api/health"],
      ["PUT", "/api/org/tasks"],
      ["GET", "/api/org/tasks/some-task"],
      ["GET", "/api/onboarding/complete"],
      ["GET", "/api/webhooks/clerk"],
      ["PUT", "/api/webhooks/clerk"],
      ["OPTIONS", "/api/webhooks/clerk"],
    ])("%s %s (unlisted method) answers 404 not_found", async (method, path) => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id });
      const response = await harness.request(path, { method, token, body: undefined });
      expect(response.status).toBe(404);
      expectJson(response, { error: "not_found" });
    });

    it.each([
      ["DELETE", "/api/org/tasks/%E0%A4%A"],
      ["GET", "/api/%zz"],
    ])("%s %s (a path that does not decode) answers 400 malformed_path", async (method, path) => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id });
      const response = await harness.request(path, { method, token });
      expect(response.status).toBe(400);
      expectJson(response, { error: "malformed_path" });
    });

    // The framework's own HTTP errors (Fastify refuses a Content-Type it cannot parse before any route runs)
    // keep their status, in the contract's words.
    it("answers a JSON write whose Content-Type does not parse with 415 unsupported_media_type", async () => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id });
      const response = await harness.request("/api/profile", {
        method: "PUT",
        token,
        headers: { "content-type": "///" },
        body: '{"bio":"x"}',
      });
      expect(response.status).toBe(415);
      expectJson(response, { error: "unsupported_media_type" });
    });

    // Clerk's SDKs throw on a handshake token that does not verify (development instances): a stranger's query
    // string must get the contract's JSON, and must not reach the log.
    it("answers a forged handshake token in the query with the contract's JSON, logged without the query", async () => {
      const before = harness.app.output().length;
      const response = await harness.request(
        "/api/me?__clerk_handshake=forged-handshake-4711&marker=query-marker-4712",
        { cookie: "__clerk_db_jwt=dvb_conformance; __client_uat=0" },
      );
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect([401, 500]).toContain(response.status);
      expect(response.json).toEqual(
        response.status === 401 ? { error: "unauthenticated" } : { error: "internal_error" },
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      const logged = harness.app.output().slice(before);
      expect(logged).not.toContain("forged-handshake-4711");
      expect(logged).not.toContain("query-marker-4712");
      // A 500 is logged once, as the contract's line; a 401 is the visitor's answer, not a failure.
      expect(logged.split("\n").filter((line) => /failed|error/i.test(line))).toEqual(
        response.status === 500 ? [expect.stringMatching(/GET \/api\/me failed: /)] : [],
      );
    });

    // A failure no handler expects: the profile table is renamed away under the running app. Only on the
    // Postgres server, where the suite can reach the app's database while it runs.
    it.skipIf(!serverUrl)(
      "an unexpected failure answers 500 internal_error and logs no request data",
      async () => {
        const user = harness.emulator.state.createUser({ email: "unexpected.failure@example.com" });
        await harness.emulator.webhooks.idle();
        const token = await harness.token({ userId: user.id });
        const before = harness.app.output().length;
        await harness.database.check(async (db) => {
          await db.execute(sql`alter table ${userProfiles} rename to user_profiles_away`);
        });
        try {
          const response = await harness.request("/api/profile?marker=query-marker-4711", {
            token,
          });
          expect(response.status).toBe(500);
          expectJson(response, { error: "internal_error" });
        } finally {
          await harness.database.check(async (db) => {
            await db.execute(sql`alter table user_profiles_away rename to ${userProfiles}`);
          });
        }
        const logged = (await harness.app.waitForOutput("failed")).slice(before);
        expect(logged).toContain("failed");
        expect(logged).not.toContain("unexpected.failure");
        expect(logged).not.toContain("query-marker-4711");
        expect(logged).not.toContain("user_profiles");
      },
    );

    // The same failure under a page and under the data request a client-side navigation makes: the shared
    // error page, logged once (a framework's default handler must not log it again, query and all).
    it.skipIf(!serverUrl || !harness.config.pages)(
      "a page that fails unexpectedly is logged once, without its query",
      async () => {
        const user = harness.emulator.state.createUser({ email: "page.failure@example.com" });
        await harness.emulator.webhooks.idle();
        const cookie = await harness.sessionCookie({ userId: user.id });
        const before = harness.app.output().length;
        await harness.database.check(async (db) => {
          await db.execute(sql`alter table ${userProfiles} rename to user_profiles_away`);
        });
        try {
          const response = await harness.request("/dashboard?marker=query-marker-4713", {
            cookie,
            headers: {
              accept: "text/html",
              "sec-fetch-dest": "document",
              "sec-fetch-mode": "navigate",
            },
          });
          expect(response.status).toBe(500);
        } finally {
          await harness.database.check(async (db) => {
            await db.execute(sql`alter table user_profiles_away rename to ${userProfiles}`);
          });
        }
        await harness.app.waitForOutput("failed");
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const logged = harness.app.output().slice(before);
        expect(logged).not.toContain("query-marker-4713");
        expect(logged).not.toContain("page.failure");
        expect(logged.split("\n").filter((line) => /failed|error/i.test(line))).toEqual([
          expect.stringMatching(/GET \/dashboard failed: /),
        ]);
      },
    );
  });
}

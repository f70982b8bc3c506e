import { createSigningKeys } from "@crosswalk/clerk-emulator";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness/context.ts";
import { hmacWithPublicKey, unsignedCopy } from "../harness/forgery.ts";

export const protectedRoutes: [method: string, path: string, body?: string][] = [
  ["GET", "/api/me"],
  ["GET", "/api/claims"],
  ["GET", "/api/profile"],
  ["PUT", "/api/profile", '{"bio":"x"}'],
  ["POST", "/api/onboarding/complete"],
  ["GET", "/api/org/tasks"],
  ["POST", "/api/org/tasks", '{"title":"x"}'],
  ["DELETE", "/api/org/tasks/00000000-0000-4000-8000-000000000000"],
];

const unauthenticated = { error: "unauthenticated" };

export function authSuite(harness: Harness) {
  describe("signed out", () => {
    it.each(protectedRoutes)("%s %s answers 401", async (method, path, body) => {
      const response = await harness.request(path, { method, ...(body ? { body } : {}) });
      expect(response.status).toBe(401);
      expect(response.json).toEqual(unauthenticated);
    });

    it.each(protectedRoutes)(
      "%s %s ignores x-middleware-subrequest",
      async (method, path, body) => {
        for (const value of [
          "middleware",
          "proxy",
          "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware",
        ]) {
          const response = await harness.request(path, {
            method,
            headers: { "x-middleware-subrequest": value },
            ...(body ? { body } : {}),
          });
          expect(response.status, value).toBe(401);
        }
      },
    );
  });

  describe("GET /api/me", () => {
    it("answers a Bearer token with the auth helper's ids and the Backend API user", async () => {
      const user = harness.emulator.state.createUser({
        firstName: "Ada",
        lastName: "Lovelace",
        username: "ada",
        email: "ada@example.com",
      });
      const minted = await harness.emulator.mint({
        userId: user.id,
        authorizedParty: harness.origin,
      });
      const response = await harness.request("/api/me", { token: minted.token });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        userId: user.id,
        sessionId: minted.sessionId,
        orgId: null,
        orgRole: null,
        user: {
          id: user.id,
          primaryEmailAddress: "ada@example.com",
          firstName: "Ada",
          lastName: "Lovelace",
          username: "ada",
          imageUrl: user.imageUrl,
        },
      });
    });

    it("carries the active organization from the token", async () => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({
        userId: user.id,
        organization: {
          id: "org_2conformanceOrg000000000000",
          slug: "acme",
          role: "org:admin",
          permissions: ["org:tasks:read"],
        },
      });
      expect((await harness.request("/api/me", { token })).json).toMatchObject({
        orgId: "org_2conformanceOrg000000000000",
        orgRole: "org:admin",
      });
    });

    it("accepts the session cookies of a development instance", async () => {
      const user = harness.emulator.state.createUser();
      const cookie = await harness.sessionCookie({ userId: user.id });
      const response = await harness.request("/api/me", { cookie });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ userId: user.id });
    });

    it("refuses development cookies without the dev browser cookie", async () => {
      const user = harness.emulator.state.createUser();
      const minted = await harness.emulator.mint({
        userId: user.id,
        authorizedParty: harness.origin,
      });
      const cookie = `__session=${minted.token}; __client_uat=${minted.issuedAt}`;
      expect((await harness.request("/api/me", { cookie })).status).toBe(401);
    });

    it("answers user_not_found when the Backend API does not know the user", async () => {
      const token = await harness.token({ userId: "user_2conformanceMissingUser000" });
      const response = await harness.request("/api/me", { token });
      expect(response.status).toBe(404);
      expect(response.json).toEqual({ error: "user_not_found" });
    });

    it("answers upstream_unavailable while the Backend API fails", async () => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id });
      harness.emulator.backend.faults = { status: 503 };
      try {
        const response = await harness.request("/api/me", { token });
        expect(response.status).toBe(502);
        expect(response.json).toEqual({ error: "upstream_unavailable" });
      } finally {
        harness.emulator.backend.faults = {};
      }
    });
  });

  describe("token attacks on GET /api/me", () => {
    const now = () => Math.floor(Date.now() / 1000);
    const attacks: [string, (userId: string) => Promise<string>][] = [
      ["an expired token", (userId) => harness.token({ userId, issuedAt: now() - 300 })],
      [
        "a token whose nbf is in the future",
        (userId) => harness.token({ userId, notBefore: now() + 120 }),
      ],
      [
        "a token signed by another key",
        async (userId) =>
          harness.token({ userId, signingKey: (await createSigningKeys()).privateKey }),
      ],
      ["a token with alg none", async (userId) => unsignedCopy(await harness.token({ userId }))],
      [
        "a token signed HS256 with the public key",
        async (userId) =>
          hmacWithPublicKey(await harness.token({ userId }), harness.emulator.env.CLERK_JWT_KEY),
      ],
      [
        "a token for an origin that is not authorized",
        (userId) => harness.token({ userId, authorizedParty: "https://evil.example" }),
      ],
      [
        // A JWT template's token: signed with the instance key for the same user, but not a session.
        "a JWT template's token (cat cl_B7d4PD222AAA)",
        (userId) => harness.token({ userId, category: "cl_B7d4PD222AAA" }),
      ],
      [
        // An M2M token as Clerk issues one: a machine subject and the machine token category, signed
        // with the instance key. SDKs recognise it by either mark.
        "a machine token",
        () =>
          harness.token({ userId: "mch_2conformanceMachine00000000", category: "cl_B7d4PD333AAA" }),
      ],
    ];

    it("refuses a pending session's token (sts pending: a session task, such as choosing an organization, is left)", async () => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({ userId: user.id, status: "pending" });
      for (const path of ["/api/me", "/api/claims", "/api/profile", "/api/org/tasks"]) {
        const response = await harness.request(path, { token });
        expect({ path, status: response.status, json: response.json }).toEqual({
          path,
          status: 401,
          json: unauthenticated,
        });
      }
    });

    it.each(attacks)("refuses %s", async (_label, forge) => {
      const user = harness.emulator.state.createUser();
      const response = await harness.request("/api/me", { token: await forge(user.id) });
      expect(response.status).toBe(401);
      expect(response.json).toEqual(unauthenticated);
    });
  });

  describe("GET /api/claims", () => {
    it("parses the custom claims from the verified token without calling the Backend API", async () => {
      const user = harness.emulator.state.createUser();
      const token = await harness.token({
        userId: user.id,
        claims: { metadata: { role: "admin", onboardingComplete: true } },
      });
      const before = harness.emulator.backend.requests.length;
      const response = await harness.request("/api/claims", { token });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        userId: user.id,
        claims: { role: "admin", onboardingComplete: true },
        issues: [],
      });
      expect(harness.emulator.backend.requests.length).toBe(before);
    });

    it("gives defaults for missing claims and an issue for an invalid one", async () => {
      const user = harness.emulator.state.createUser();
      const bare = await harness.token({ userId: user.id });
      expect((await harness.request("/api/claims", { token: bare })).json).toEqual({
        userId: user.id,
        claims: { role: null, onboardingComplete: false },
        issues: [],
      });
      const invalid = await harness.token({
        userId: user.id,
        claims: { metadata: { role: "owner" } },
      });
      const response = await harness.request("/api/claims", { token: invalid });
      expect(response.json).toMatchObject({ claims: { role: null, onboardingComplete: false } });
      expect((response.json as { issues: string[] }).issues).toHaveLength(1);
      expect((response.json as { issues: string[] }).issues[0]).toMatch(/^metadata\.role:/);
    });
  });
}

import { createClerkClient, verifyToken } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClerkEmulator,
  cookieHeader,
  createSigningKeys,
  startClerkEmulator,
} from "../src/index.ts";

const origin = "http://localhost:3000";
// The SDK's bundle prefixes class names with "_"; either way it is the SDK's class, not a plain object.
const sdkClass = (name: string) => new RegExp(`^_?${name}$`);
const tasksAdmin = {
  id: "org_2crosswalkTasksOrg00000000",
  slug: "acme",
  role: "org:admin",
  permissions: ["org:tasks:read", "org:tasks:create", "org:reports:read", "org:tasks:delete"],
};

describe.each(["development", "production"] as const)(
  "Clerk's SDK against a %s emulator",
  (environment) => {
    let emulator: ClerkEmulator;
    let clerk: ReturnType<typeof createClerkClient>;

    beforeAll(async () => {
      emulator = await startClerkEmulator({ environment });
      clerk = createClerkClient({
        secretKey: emulator.env.CLERK_SECRET_KEY,
        publishableKey: emulator.env.CLERK_PUBLISHABLE_KEY,
        jwtKey: emulator.env.CLERK_JWT_KEY,
        apiUrl: emulator.apiUrl,
      });
    });
    afterAll(() => emulator.close());

    describe("session tokens", () => {
      it("verifies a minted token networklessly with CLERK_JWT_KEY", async () => {
        const minted = await emulator.mint({
          userId: "user_1",
          authorizedParty: origin,
          claims: { metadata: { role: "admin" } },
        });
        const payload = await verifyToken(minted.token, {
          jwtKey: emulator.env.CLERK_JWT_KEY,
          authorizedParties: [origin],
        });
        expect(payload).toMatchObject({
          sub: "user_1",
          sid: minted.sessionId,
          v: 2,
          metadata: { role: "admin" },
        });
        expect(emulator.backend.requests).toEqual([]);
      });

      it("verifies a minted token through the emulator's JWKS without a JWT key", async () => {
        const minted = await emulator.mint({ userId: "user_2" });
        const payload = await verifyToken(minted.token, {
          secretKey: emulator.env.CLERK_SECRET_KEY,
          apiUrl: emulator.apiUrl,
          skipJwksCache: true,
        });
        expect(payload.sub).toBe("user_2");
        expect(emulator.backend.requests).toContainEqual({ method: "GET", path: "/v1/jwks" });
      });

      it("rejects an expired token", async () => {
        const minted = await emulator.mint({
          userId: "user_1",
          issuedAt: Math.floor(Date.now() / 1000) - 120,
        });
        await expect(
          verifyToken(minted.token, { jwtKey: emulator.env.CLERK_JWT_KEY }),
        ).rejects.toMatchObject({
          reason: "token-expired",
        });
      });

      it("rejects a token signed by another key", async () => {
        const other = await createSigningKeys();
        const minted = await emulator.mint({ userId: "user_1", signingKey: other.privateKey });
        await expect(
          verifyToken(minted.token, { jwtKey: emulator.env.CLERK_JWT_KEY }),
        ).rejects.toMatchObject({
          reason: "token-invalid-signature",
        });
      });

      it("rejects a token for an origin that is not an authorized party", async () => {
        const minted = await emulator.mint({
          userId: "user_1",
          authorizedParty: "https://evil.example",
        });
        await expect(
          verifyToken(minted.token, {
            jwtKey: emulator.env.CLERK_JWT_KEY,
            authorizedParties: [origin],
          }),
        ).rejects.toMatchObject({ reason: "token-invalid-authorized-parties" });
      });
    });

    describe("authenticateRequest", () => {
      it("signs in a Bearer request and decodes the organization's permissions for has()", async () => {
        const minted = await emulator.mint({
          userId: "user_1",
          organization: tasksAdmin,
          authorizedParty: origin,
        });
        const state = await clerk.authenticateRequest(
          new Request(`${origin}/api/me`, { headers: { authorization: `Bearer ${minted.token}` } }),
          { authorizedParties: [origin] },
        );
        expect(state.isAuthenticated).toBe(true);
        const auth = state.toAuth()!;
        expect(auth).toMatchObject({
          userId: "user_1",
          orgId: tasksAdmin.id,
          orgRole: "org:admin",
          orgSlug: "acme",
        });
        expect(auth.has({ permission: "org:tasks:read" })).toBe(true);
        expect(auth.has({ permission: "org:tasks:create" })).toBe(true);
        expect(auth.has({ permission: "org:tasks:delete" })).toBe(true);
        expect(auth.has({ permission: "org:reports:read" })).toBe(true);
        expect(auth.has({ permission: "org:reports:delete" })).toBe(false);
        expect(auth.has({ role: "org:admin" })).toBe(true);
      });

      it("gives a member only the permissions its token carries", async () => {
        const minted = await emulator.mint({
          userId: "user_1",
          organization: { ...tasksAdmin, role: "org:member", permissions: ["org:tasks:read"] },
        });
        const state = await clerk.authenticateRequest(
          new Request(`${origin}/api/org/tasks`, {
            headers: { authorization: `Bearer ${minted.token}` },
          }),
        );
        const auth = state.toAuth()!;
        expect(auth.orgRole).toBe("org:member");
        expect(auth.has({ permission: "org:tasks:read" })).toBe(true);
        expect(auth.has({ permission: "org:tasks:delete" })).toBe(false);
      });

      it("signs in with the session cookies the emulator sets", async () => {
        const minted = await emulator.mint({ userId: "user_3", authorizedParty: origin });
        const cookies = emulator.cookies(minted);
        expect("__clerk_db_jwt" in cookies).toBe(environment === "development");
        const state = await clerk.authenticateRequest(
          new Request(`${origin}/api/me`, { headers: { cookie: cookieHeader(cookies) } }),
          { authorizedParties: [origin] },
        );
        expect(state.isAuthenticated).toBe(true);
        expect(state.toAuth()).toMatchObject({ userId: "user_3" });
      });

      it("treats a pending session as signed out", async () => {
        const minted = await emulator.mint({ userId: "user_1", status: "pending" });
        const state = await clerk.authenticateRequest(
          new Request(`${origin}/api/me`, { headers: { authorization: `Bearer ${minted.token}` } }),
        );
        expect(state.toAuth()?.userId ?? null).toBeNull();
        expect(state.toAuth({ treatPendingAsSignedOut: false })?.userId).toBe("user_1");
      });
    });

    describe("Backend API", () => {
      it("turns users into the SDK's User objects", async () => {
        const created = emulator.state.createUser({
          firstName: "Ada",
          lastName: "Lovelace",
          email: "ada@example.com",
          publicMetadata: { role: "admin" },
        });
        const user = await clerk.users.getUser(created.id);
        expect(user.constructor.name).toMatch(sdkClass("User"));
        expect(user).toMatchObject({
          id: created.id,
          firstName: "Ada",
          lastName: "Lovelace",
          publicMetadata: { role: "admin" },
        });
        expect(user.primaryEmailAddress?.emailAddress).toBe("ada@example.com");
        expect(user.updatedAt).toBe(created.updatedAt);
      });

      it("lists and counts users, a page at a time", async () => {
        for (let index = 0; index < 5; index += 1)
          emulator.state.createUser({ firstName: `P${index}` });
        const total = emulator.state.users.size;
        const first = await clerk.users.getUserList({ limit: 2, orderBy: "+created_at" });
        const second = await clerk.users.getUserList({
          limit: 2,
          offset: 2,
          orderBy: "+created_at",
        });
        expect(first.totalCount).toBe(total);
        for (const user of first.data) expect(user.constructor.name).toMatch(sdkClass("User"));
        const ordered = [...emulator.state.users.values()]
          .sort((a, b) => a.createdAt - b.createdAt)
          .map((u) => u.id);
        expect([...first.data, ...second.data].map((user) => user.id)).toEqual(ordered.slice(0, 4));
        expect(await clerk.users.getCount()).toBe(total);
      });

      it("merges metadata updates and announces them", async () => {
        const created = emulator.state.createUser({
          publicMetadata: { role: "member", nested: { a: 1 } },
        });
        const user = await clerk.users.updateUserMetadata(created.id, {
          publicMetadata: { onboardingComplete: true, nested: { b: 2 }, role: null },
        });
        expect(user.publicMetadata).toEqual({ onboardingComplete: true, nested: { a: 1, b: 2 } });
        expect(emulator.state.getUser(created.id).publicMetadata).toEqual(user.publicMetadata);
        expect(emulator.state.getUser(created.id).updatedAt).toBeGreaterThan(created.updatedAt);
      });

      it("turns organizations and memberships into the SDK's objects", async () => {
        const user = emulator.state.createUser({ firstName: "Grace" });
        const organization = emulator.state.createOrganization({ name: "Acme Labs" });
        const membership = emulator.state.addMembership(organization.id, user.id, "org:admin");

        const fetched = await clerk.organizations.getOrganization({
          organizationId: organization.id,
        });
        expect(fetched.constructor.name).toMatch(sdkClass("Organization"));
        expect(fetched).toMatchObject({
          id: organization.id,
          name: "Acme Labs",
          slug: "acme-labs",
          membersCount: 1,
        });
        expect((await clerk.organizations.getOrganization({ slug: "acme-labs" })).id).toBe(
          organization.id,
        );

        const members = await clerk.organizations.getOrganizationMembershipList({
          organizationId: organization.id,
        });
        expect(members.totalCount).toBe(1);
        expect(members.data[0]?.constructor.name).toMatch(sdkClass("OrganizationMembership"));
        expect(members.data[0]).toMatchObject({ id: membership.id, role: "org:admin" });
        expect(members.data[0]?.publicUserData?.userId).toBe(user.id);

        const ofUser = await clerk.users.getOrganizationMembershipList({ userId: user.id });
        expect(ofUser.data.map((m) => m.organization.id)).toEqual([organization.id]);
        const list = await clerk.organizations.getOrganizationList();
        expect(list.data.map((o) => o.id)).toContain(organization.id);
      });

      it("pages organizations and the instance's memberships in creation order, either way", async () => {
        const first = emulator.state.createOrganization({ name: "Paged One" });
        const second = emulator.state.createOrganization({ name: "Paged Two" });
        const member = emulator.state.createUser();
        const older = emulator.state.addMembership(first.id, member.id);
        const newer = emulator.state.addMembership(second.id, member.id, "org:admin");
        emulator.state.updateMembership(older.id, "org:admin");

        const oldestFirst = await clerk.organizations.getOrganizationList({
          orderBy: "+created_at",
          limit: 500,
        });
        const ids = oldestFirst.data.map((o) => o.id);
        expect(ids.indexOf(first.id)).toBe(ids.indexOf(second.id) - 1);
        const newestFirst = await clerk.organizations.getOrganizationList({ limit: 1 });
        expect(newestFirst.data.map((o) => o.id)).toEqual([second.id]);
        expect(newestFirst.totalCount).toBe(emulator.state.organizations.size);

        const memberships = await clerk.organizations.getInstanceOrganizationMembershipList({
          orderBy: "+created_at",
          limit: 500,
        });
        expect(memberships.totalCount).toBe(emulator.state.memberships.size);
        // An update keeps a membership's place in the listing.
        expect(memberships.data.slice(-2).map((m) => [m.id, m.role])).toEqual([
          [older.id, "org:admin"],
          [newer.id, "org:admin"],
        ]);
        const ofMember = await clerk.organizations.getOrganizationMembershipList({
          organizationId: second.id,
          userId: [member.id],
        });
        expect(ofMember.data.map((m) => m.id)).toEqual([newer.id]);
        const ofStranger = await clerk.organizations.getOrganizationMembershipList({
          organizationId: second.id,
          userId: [emulator.state.createUser().id],
        });
        expect(ofStranger).toMatchObject({ data: [], totalCount: 0 });
      });

      it("answers an unknown user with Clerk's 404 error", async () => {
        await expect(clerk.users.getUser("user_missing")).rejects.toMatchObject({
          status: 404,
          errors: [expect.objectContaining({ code: "resource_not_found" })],
        });
      });

      it("refuses a wrong secret key", async () => {
        const stranger = createClerkClient({ secretKey: "sk_test_wrong", apiUrl: emulator.apiUrl });
        await expect(stranger.users.getCount()).rejects.toMatchObject({ status: 401 });
      });

      it("fails on request with a 5xx, for a number of requests or until cleared", async () => {
        const user = emulator.state.createUser();
        emulator.backend.faults = { status: 503, times: 1 };
        await expect(clerk.users.getUser(user.id)).rejects.toMatchObject({ status: 503 });
        expect((await clerk.users.getUser(user.id)).id).toBe(user.id);
        emulator.backend.faults = { status: 502 };
        await expect(clerk.users.getUser(user.id)).rejects.toMatchObject({ status: 502 });
        await expect(clerk.users.getCount()).rejects.toMatchObject({ status: 502 });
        emulator.backend.faults = {};
        expect((await clerk.users.getUser(user.id)).id).toBe(user.id);
      });

      it("adds latency on request", async () => {
        const user = emulator.state.createUser();
        emulator.backend.faults = { latencyMs: 300 };
        const started = performance.now();
        await clerk.users.getUser(user.id);
        expect(performance.now() - started).toBeGreaterThanOrEqual(290);
        emulator.backend.faults = {};
      });
    });
  },
);

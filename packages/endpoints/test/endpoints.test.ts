import { createClerkClient } from "@clerk/backend";
import {
  type ClerkEmulator,
  type MintOptions,
  startClerkEmulator,
} from "@crosswalk/clerk-emulator";
import type { DatabaseHandle } from "@crosswalk/db";
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { recordingLogger } from "@crosswalk/log/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEndpoints,
  type Endpoints,
  fetchRequestFacts,
  type SignedInAuth,
} from "../src/index.ts";

const appOrigin = "http://localhost:3002";
/** A write as the endpoints see it, with its body for the endpoint to read once the checks allow it. */
const write = (headers: Record<string, string>, body?: string) =>
  fetchRequestFacts(new Request(`${appOrigin}/api`, { method: "POST", headers, body }));
const viaBearer = (body?: string) =>
  write({ authorization: "Bearer token", "content-type": "application/json" }, body);

// Auth objects come from Clerk's own authenticateRequest over emulator-minted tokens, as in an app.
describe("endpoints with real Clerk auth objects", () => {
  let emulator: ClerkEmulator;
  let database: DatabaseHandle;
  let clerk: ReturnType<typeof createClerkClient>;
  let api: Endpoints;
  const log = recordingLogger();

  beforeAll(async () => {
    emulator = await startClerkEmulator();
    database = await testDatabaseTargets(undefined)[0]!.open();
    clerk = createClerkClient({
      secretKey: emulator.env.CLERK_SECRET_KEY,
      publishableKey: emulator.env.CLERK_PUBLISHABLE_KEY,
      jwtKey: emulator.env.CLERK_JWT_KEY,
      apiUrl: emulator.apiUrl,
    });
    api = createEndpoints({
      framework: "express",
      db: database.db,
      databaseKind: database.kind,
      users: clerk.users,
      authorizedParties: [appOrigin],
      log,
    });
  });
  afterAll(async () => {
    await emulator.close();
    await database.close();
  });

  async function authFor(options: MintOptions) {
    const minted = await emulator.mint(options);
    const state = await clerk.authenticateRequest(
      new Request("http://localhost/api", { headers: { authorization: `Bearer ${minted.token}` } }),
    );
    return state.toAuth();
  }

  const org = (permissions: string[], role = "org:member") => ({
    id: "org_2endpointsTestOrg000000000",
    slug: "endpoints",
    role,
    permissions,
  });

  it("answers 401 to a signed-out auth object on every endpoint", async () => {
    const signedOut = (
      await clerk.authenticateRequest(new Request("http://localhost/api"))
    ).toAuth();
    expect(signedOut?.userId ?? null).toBeNull();
    for (const result of [
      await api.me(signedOut),
      api.claims(signedOut),
      await api.getProfile(signedOut),
      await api.putProfile(signedOut, viaBearer("{}")),
      await api.completeOnboarding(signedOut, viaBearer()),
      await api.listTasks(signedOut),
      await api.createTask(signedOut, viaBearer('{"title":"x"}')),
      await api.deleteTask(signedOut, viaBearer(), "x"),
    ]) {
      expect(result).toEqual({ status: 401, body: { error: "unauthenticated" } });
    }
  });

  it("reads a write's body only once the session, the permissions and the origin allow the write", async () => {
    const unread = (headers: Record<string, string>) => ({
      ...write(headers),
      jsonBody: () => Promise.reject(new Error("the body was read")),
    });
    const signedOut = (
      await clerk.authenticateRequest(new Request("http://localhost/api"))
    ).toAuth();
    const member = await authFor({
      userId: emulator.state.createUser().id,
      organization: org(["org:tasks:read"]),
    });
    const json = { "content-type": "application/json" };
    expect(await api.putProfile(signedOut, unread(json))).toMatchObject({ status: 401 });
    expect(await api.createTask(member, unread(json))).toMatchObject({ status: 403 });
    expect(
      await api.putProfile(member, unread({ ...json, origin: "https://evil.example" })),
    ).toMatchObject({ status: 403 });
    expect(await api.putProfile(member, unread({ "content-type": "text/plain" }))).toMatchObject({
      status: 415,
    });
  });

  it("reads the profile from the Backend API before the webhook, then from the database", async () => {
    const user = emulator.state.createUser({ firstName: "Lin", email: "lin@example.com" });
    const auth = await authFor({ userId: user.id });
    expect(await api.getProfile(auth)).toMatchObject({
      status: 200,
      body: { source: "backend-api", user: { clerkId: user.id, email: "lin@example.com" } },
    });
    expect(await api.getProfile(auth)).toMatchObject({ status: 200, body: { source: "database" } });
  });

  it.each([
    ["a birthday in the future", { birthday: "2999-01-01" }, "birthday: must be in the past"],
    [
      "a birthday that is not a date",
      { birthday: "2000-02-30" },
      "birthday: must be a date as YYYY-MM-DD",
    ],
    [
      "a country that does not exist",
      { country: "XX" },
      "country: is not an ISO 3166-1 alpha-2 country",
    ],
    [
      "a lower-case country",
      { country: "gb" },
      "country: must be an ISO 3166-1 alpha-2 code such as GB",
    ],
    [
      "a bio over 2,000 characters",
      { bio: "x".repeat(2_001) },
      "bio: must be at most 2,000 characters",
    ],
  ])("refuses %s and writes nothing", async (_label, patch, issue) => {
    const user = emulator.state.createUser();
    const auth = await authFor({ userId: user.id });
    const result = await api.putProfile(auth, viaBearer(JSON.stringify(patch)));
    expect(result).toEqual({ status: 400, body: { error: "invalid_request", issues: [issue] } });
    expect(await api.getProfile(auth)).toMatchObject({
      body: { profile: { birthday: null, country: null, bio: null } },
    });
  });

  it("refuses unknown fields and non-JSON bodies", async () => {
    const auth = await authFor({ userId: emulator.state.createUser().id });
    expect((await api.putProfile(auth, viaBearer('{"nickname":"x"}'))).body).toMatchObject({
      error: "invalid_request",
    });
    expect(await api.putProfile(auth, viaBearer("{oops"))).toEqual({
      status: 400,
      body: { error: "invalid_json" },
    });
  });

  it("writes, keeps and clears profile fields", async () => {
    const auth = await authFor({ userId: emulator.state.createUser().id });
    await api.putProfile(
      auth,
      viaBearer(JSON.stringify({ birthday: "1990-05-17", country: "DE", bio: "Hi" })),
    );
    const cleared = await api.putProfile(auth, viaBearer(JSON.stringify({ bio: null })));
    expect(cleared).toMatchObject({
      status: 200,
      body: { profile: { birthday: "1990-05-17", country: "DE", bio: null } },
    });
  });

  it("answers user_not_found when the Backend API does not know the user", async () => {
    const auth = await authFor({ userId: "user_2notInTheBackendApi0000000" });
    expect(await api.me(auth)).toEqual({ status: 404, body: { error: "user_not_found" } });
    expect(await api.getProfile(auth)).toEqual({ status: 404, body: { error: "user_not_found" } });
  });

  it("answers upstream_unavailable while the Backend API fails, and logs no personal data", async () => {
    const user = emulator.state.createUser({ email: "private@example.com" });
    const auth = await authFor({ userId: user.id });
    emulator.backend.faults = { status: 503 };
    try {
      expect(await api.me(auth)).toEqual({ status: 502, body: { error: "upstream_unavailable" } });
      expect(await api.completeOnboarding(auth, viaBearer())).toEqual({
        status: 502,
        body: { error: "upstream_unavailable" },
      });
    } finally {
      emulator.backend.faults = {};
    }
    expect(JSON.stringify(log.lines)).toContain("503");
    expect(JSON.stringify(log.lines)).not.toContain("private@example.com");
  });

  it("sets onboardingComplete through the Backend API", async () => {
    const user = emulator.state.createUser();
    expect(await api.completeOnboarding(await authFor({ userId: user.id }), viaBearer())).toEqual({
      status: 200,
      body: { onboardingComplete: true },
    });
    expect(emulator.state.getUser(user.id).publicMetadata).toMatchObject({
      onboardingComplete: true,
    });
  });

  it("checks task permissions from the token and scopes tasks to the active organization", async () => {
    const userId = emulator.state.createUser().id;
    const admin = await authFor({
      userId,
      organization: org(["org:tasks:read", "org:tasks:create", "org:tasks:delete"], "org:admin"),
    });
    const reader = await authFor({ userId, organization: org(["org:tasks:read"]) });
    const other = await authFor({
      userId,
      organization: {
        ...org(["org:tasks:read", "org:tasks:delete"]),
        id: "org_2anotherOrganization00000000",
      },
    });
    const noOrg = await authFor({ userId });

    expect(await api.listTasks(noOrg)).toEqual({
      status: 403,
      body: { error: "no_active_organization" },
    });
    const created = await api.createTask(
      admin,
      viaBearer(JSON.stringify({ title: "  Write docs  " })),
    );
    expect(created).toMatchObject({
      status: 201,
      body: { task: { title: "Write docs", createdBy: userId } },
    });
    const taskId = (created.body as { task: { id: string } }).task.id;
    expect(await api.createTask(reader, viaBearer('{"title":"x"}'))).toEqual({
      status: 403,
      body: { error: "forbidden", missing: "org:tasks:create" },
    });
    expect(await api.deleteTask(reader, viaBearer(), taskId)).toEqual({
      status: 403,
      body: { error: "forbidden", missing: "org:tasks:delete" },
    });
    expect(await api.deleteTask(other, viaBearer(), taskId)).toEqual({
      status: 404,
      body: { error: "not_found" },
    });
    expect((await api.listTasks(reader)).body).toMatchObject({ tasks: [{ id: taskId }] });
    expect((await api.listTasks(other)).body).toEqual({ tasks: [] });
    expect(
      (await api.createTask(admin, viaBearer(JSON.stringify({ title: "" })))).body,
    ).toMatchObject({
      error: "invalid_request",
    });
    expect(await api.deleteTask(admin, viaBearer(), taskId)).toEqual({ status: 204 });
    expect(await api.deleteTask(admin, viaBearer(), taskId)).toEqual({
      status: 404,
      body: { error: "not_found" },
    });
  });

  it("builds the dashboard view from the app's user, the claims, the active organization and the synced profile", async () => {
    const user = emulator.state.createUser({ firstName: "Dana", lastName: "Scott" });
    const auth = await authFor({ userId: user.id, claims: { metadata: { role: "member" } } });
    expect(auth?.userId).toBe(user.id);
    expect(
      await api.dashboard(auth as SignedInAuth, { firstName: "Dana", lastName: "Scott" }),
    ).toEqual({
      userId: user.id,
      name: "Dana Scott",
      claims: { role: "member", onboardingComplete: false },
      organization: null,
      synced: { source: "backend-api", profile: { birthday: null, country: null, bio: null } },
      workspace: null,
    });
    const inOrganization = await authFor({
      userId: user.id,
      organization: org(["org:tasks:read"], "org:admin"),
    });
    const view = await api.dashboard(inOrganization as SignedInAuth, null);
    expect(view.organization).toEqual({ id: "org_2endpointsTestOrg000000000", role: "org:admin" });
    // The token may read tasks but neither create nor delete them: the page shows no form and no delete control.
    expect(view.workspace).toEqual({
      members: { members: [], nextCursor: null },
      tasks: [],
      canCreateTask: false,
      canDeleteTask: false,
    });
  });

  it("reads custom claims without a network call", async () => {
    const auth = await authFor({
      userId: "user_2claims0000000000000000",
      claims: { metadata: { role: "admin", onboardingComplete: "yes" } },
    });
    const before = emulator.backend.requests.length;
    expect(api.claims(auth)).toEqual({
      status: 200,
      body: {
        userId: "user_2claims0000000000000000",
        claims: { role: "admin", onboardingComplete: false },
        issues: ["metadata.onboardingComplete: expected a boolean, received a string"],
      },
    });
    expect(emulator.backend.requests.length).toBe(before);
  });
  describe("writes carried by the session cookie", () => {
    const json = { "content-type": "application/json" };
    it.each([
      ["another origin", { ...json, origin: "https://evil.example" }],
      ["a sibling port of localhost", { ...json, origin: "http://localhost:3000" }],
      ["the opaque origin of a sandboxed page", { ...json, origin: "null" }],
      ["no Origin and Sec-Fetch-Site cross-site", { ...json, "sec-fetch-site": "cross-site" }],
      ["no Origin and Sec-Fetch-Site same-site", { ...json, "sec-fetch-site": "same-site" }],
      [
        "another site with Basic credentials beside the cookie",
        { ...json, authorization: "Basic dXNlcjpwYXNz", origin: "https://evil.example" },
      ],
    ])(
      "are refused from %s with cross_site_request, before anything is written",
      async (_l, headers) => {
        const user = emulator.state.createUser();
        const auth = await authFor({ userId: user.id });
        const results = [
          await api.putProfile(auth, write(headers, JSON.stringify({ bio: "x" }))),
          await api.completeOnboarding(auth, write(headers)),
        ];
        for (const result of results)
          expect(result).toEqual({ status: 403, body: { error: "cross_site_request" } });
        expect(emulator.state.users.get(user.id)?.publicMetadata).not.toMatchObject({
          onboardingComplete: true,
        });
      },
    );

    it("are served from the app's own origin, and from clients that send neither header", async () => {
      const user = emulator.state.createUser();
      const auth = await authFor({ userId: user.id });
      for (const headers of [
        { ...json, origin: appOrigin },
        { ...json, "sec-fetch-site": "same-origin" },
        json,
      ])
        expect(
          (await api.putProfile(auth, write(headers, JSON.stringify({ bio: "x" })))).status,
        ).toBe(200);
    });

    it("with a body that is not application/json are refused with unsupported_media_type", async () => {
      const user = emulator.state.createUser();
      const auth = await authFor({ userId: user.id });
      for (const contentType of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ])
        expect(
          await api.putProfile(
            auth,
            write({ origin: appOrigin, "content-type": contentType }, '{"bio":"x"}'),
          ),
        ).toEqual({ status: 415, body: { error: "unsupported_media_type" } });
      expect(
        (
          await api.putProfile(
            auth,
            write(
              { origin: appOrigin, "content-type": "application/json; charset=utf-8" },
              '{"bio":"x"}',
            ),
          )
        ).status,
      ).toBe(200);
    });
  });

  it("lets a failure through to the route's one catch-all, instead of answering it here", async () => {
    // A database that throws on every use, with a message that quotes a value.
    const failing = createEndpoints({
      ...{
        framework: "express" as const,
        databaseKind: database.kind,
        authorizedParties: [appOrigin],
      },
      db: new Proxy(database.db, {
        get: () => {
          throw new RangeError("db says bio=secret");
        },
      }),
      users: clerk.users,
      log,
    });
    const user = emulator.state.createUser();
    const auth = await authFor({ userId: user.id });
    const before = log.lines.length;
    await expect(failing.getProfile(auth)).rejects.toThrow(RangeError);
    expect(log.lines.slice(before)).toEqual([]);
  });
});

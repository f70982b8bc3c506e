import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClerkEmulator, startClerkEmulator } from "../src/index.ts";

// Response schemas cut from Clerk's published Backend API spec by scripts/extract-bapi-schemas.ts.
const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/bapi-schemas.json", import.meta.url), "utf8"),
) as {
  schemas: Record<string, object>;
};
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

describe("every emulated response validates against the published schema of its operation", () => {
  let emulator: ClerkEmulator;
  let userId: string;
  let organizationId: string;
  let doomedUserId: string;
  let sessionId: string;
  let memberRoleId: string;
  let reportsPermissionId: string;

  beforeAll(async () => {
    emulator = await startClerkEmulator();
    const user = emulator.state.createUser({
      firstName: "Ada",
      lastName: null,
      username: "ada",
      email: "ada@example.com",
    });
    const bare = emulator.state.createUser({ email: null });
    const organization = emulator.state.createOrganization({ name: "Acme", createdBy: user.id });
    emulator.state.addMembership(organization.id, user.id, "org:admin", ["org:tasks:read"]);
    emulator.state.addMembership(organization.id, bare.id);
    userId = user.id;
    organizationId = organization.id;
    doomedUserId = emulator.state.createUser().id;
    sessionId = emulator.frontend.startTestSession(user.id, organization.id).id;
    memberRoleId = emulator.configuration.roleByKey("org:member")?.id ?? "";
    reportsPermissionId = emulator.configuration.addPermission("org:reports:read").id;
  });
  afterAll(() => emulator.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.apiUrl}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${emulator.env.CLERK_SECRET_KEY}`,
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      json: await response.json(),
    };
  };

  const cases: [string, string, () => string, unknown?][] = [
    ["GetJWKS 200", "GET", () => "/jwks"],
    ["GetUserList 200", "GET", () => "/users?limit=10"],
    ["GetUsersCount 200", "GET", () => "/users/count"],
    ["GetUser 200", "GET", () => `/users/${userId}`],
    ["GetUser 404", "GET", () => "/users/user_missing"],
    [
      "UpdateUserMetadata 200",
      "PATCH",
      () => `/users/${userId}/metadata`,
      { public_metadata: { role: "admin" } },
    ],
    [
      "UpdateUserMetadata 404",
      "PATCH",
      () => "/users/user_missing/metadata",
      { public_metadata: {} },
    ],
    [
      "UsersGetOrganizationMemberships 200",
      "GET",
      () => `/users/${userId}/organization_memberships`,
    ],
    ["ListOrganizations 200", "GET", () => "/organizations"],
    ["GetOrganization 200", "GET", () => `/organizations/${organizationId}`],
    ["GetOrganization 404", "GET", () => "/organizations/org_missing"],
    [
      "ListOrganizationMemberships 200",
      "GET",
      () => `/organizations/${organizationId}/memberships`,
    ],
    [
      "InstanceGetOrganizationMemberships 200",
      "GET",
      () => "/organization_memberships?order_by=%2Bcreated_at",
    ],
    ["CreateTestingToken 200", "POST", () => "/testing_tokens"],
    [
      "CreateUser 200",
      "POST",
      () => "/users",
      { email_address: ["new@example.com"], public_metadata: { role: "admin" } },
    ],
    ["DeleteUser 200", "DELETE", () => `/users/${doomedUserId}`],
    ["GetInstanceOrganizationSettings 200", "GET", () => "/instance/organization_settings"],
    [
      "UpdateInstanceOrganizationSettings 200",
      "PATCH",
      () => "/instance/organization_settings",
      { enabled: true },
    ],
    ["ListOrganizationPermissions 200", "GET", () => "/organization_permissions"],
    [
      "CreateOrganizationPermission 200",
      "POST",
      () => "/organization_permissions",
      { name: "Read tasks", key: "org:tasks:read" },
    ],
    [
      "CreateOrganizationPermission 422",
      "POST",
      () => "/organization_permissions",
      { name: "Read tasks", key: "org:tasks:read" },
    ],
    ["ListOrganizationRoles 200", "GET", () => "/organization_roles"],
    [
      "CreateOrganizationRole 200",
      "POST",
      () => "/organization_roles",
      { name: "Viewer", key: "org:viewer" },
    ],
    [
      "AssignPermissionToOrganizationRole 200",
      "POST",
      () => `/organization_roles/${memberRoleId}/permissions/${reportsPermissionId}`,
    ],
    [
      "AssignPermissionToOrganizationRole 409",
      "POST",
      () => `/organization_roles/${memberRoleId}/permissions/${reportsPermissionId}`,
    ],
    ["createSession 200", "POST", () => "/sessions", () => ({ user_id: userId })],
    ["CreateSessionToken 200", "POST", () => `/sessions/${sessionId}/tokens`, {}],
    ["CreateSessionToken 404", "POST", () => "/sessions/sess_missing/tokens", {}],
    ["ListDomains 200", "GET", () => "/domains"],
    ["GenerateSvixAuthURL 200", "POST", () => "/webhooks/svix_url"],
  ];

  it("covers every operation in the fixture", () => {
    expect(cases.map(([operation]) => operation).sort()).toEqual(
      Object.keys(fixture.schemas).sort(),
    );
  });

  it("has schemas strict enough to reject a response of the wrong shape", () => {
    for (const [operation, schema] of Object.entries(fixture.schemas)) {
      expect(ajv.validate(schema, { object: "unexpected", id: 1 }), operation).toBe(false);
    }
  });

  it.each(cases)("%s", async (operation, method, path, body) => {
    const response = await call(method, path(), typeof body === "function" ? body() : body);
    expect(response.status).toBe(Number(operation.split(" ")[1]));
    expect(response.contentType).toBe("application/json");
    const validate = ajv.compile(fixture.schemas[operation] as object);
    const valid = validate(response.json);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});

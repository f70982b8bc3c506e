// Writes the response schemas of the Backend API operations the emulator serves, cut from Clerk's
// published OpenAPI spec (MIT). Run again when the spec or the served set changes:
//   node scripts/extract-bapi-schemas.ts <path to bapi-2026-05-12.yml>
import { writeFileSync } from "node:fs";
import { readSpec, responseSchemas } from "./openapi.ts";

const served = [
  ["GetJWKS", "get", "/jwks", ["200"]],
  ["GetUserList", "get", "/users", ["200"]],
  ["GetUsersCount", "get", "/users/count", ["200"]],
  ["GetUser", "get", "/users/{user_id}", ["200", "404"]],
  ["UpdateUserMetadata", "patch", "/users/{user_id}/metadata", ["200", "404"]],
  ["UsersGetOrganizationMemberships", "get", "/users/{user_id}/organization_memberships", ["200"]],
  ["ListOrganizations", "get", "/organizations", ["200"]],
  ["GetOrganization", "get", "/organizations/{organization_id}", ["200", "404"]],
  ["ListOrganizationMemberships", "get", "/organizations/{organization_id}/memberships", ["200"]],
  ["InstanceGetOrganizationMemberships", "get", "/organization_memberships", ["200"]],
  ["CreateTestingToken", "post", "/testing_tokens", ["200"]],
  ["CreateUser", "post", "/users", ["200"]],
  ["DeleteUser", "delete", "/users/{user_id}", ["200"]],
  ["GetInstanceOrganizationSettings", "get", "/instance/organization_settings", ["200"]],
  ["UpdateInstanceOrganizationSettings", "patch", "/instance/organization_settings", ["200"]],
  ["ListOrganizationPermissions", "get", "/organization_permissions", ["200"]],
  ["CreateOrganizationPermission", "post", "/organization_permissions", ["200", "422"]],
  ["ListOrganizationRoles", "get", "/organization_roles", ["200"]],
  ["CreateOrganizationRole", "post", "/organization_roles", ["200"]],
  [
    "AssignPermissionToOrganizationRole",
    "post",
    "/organization_roles/{organization_role_id}/permissions/{permission_id}",
    ["200", "409"],
  ],
  ["createSession", "post", "/sessions", ["200"]],
  ["CreateSessionToken", "post", "/sessions/{session_id}/tokens", ["200", "404"]],
  ["ListDomains", "get", "/domains", ["200"]],
  ["GenerateSvixAuthURL", "post", "/webhooks/svix_url", ["200"]],
] as const;

const specPath = process.argv[2];
if (!specPath) throw new Error("usage: node scripts/extract-bapi-schemas.ts <bapi spec .yml>");
const schemas = responseSchemas(readSpec(specPath), served);
writeFileSync(
  new URL("../test/fixtures/bapi-schemas.json", import.meta.url),
  `${JSON.stringify({ source: "clerk-openapi bapi-2026-05-12.yml (MIT)", schemas })}\n`,
);
console.log(`wrote ${Object.keys(schemas).length} response schemas`);

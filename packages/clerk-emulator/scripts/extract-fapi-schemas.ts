// Writes the response schemas of the Frontend API operations the emulator serves, cut from Clerk's
// published Frontend API specs (MIT). Every version given must agree on them, so one copy is kept:
//   node scripts/extract-fapi-schemas.ts <fapi-2025-11-10.yml> <fapi-2026-05-12.yml>
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { readSpec, responseSchemasWithDefinitions } from "./openapi.ts";

// Success responses only: every error the spec lists is ClerkErrors, which is kept with the definitions.
// POST /v1/dev_browser and the handshake redirect have no response body in the spec.
const served = [
  ["getEnvironment", "get", "/v1/environment", ["200"]],
  ["updateEnvironment", "patch", "/v1/environment", ["200"]],
  ["getClient", "get", "/v1/client", ["200"]],
  ["postClient", "post", "/v1/client", ["200"]],
  ["deleteClientSessions", "delete", "/v1/client", ["200"]],
  ["createSignUps", "post", "/v1/client/sign_ups", ["200"]],
  ["getSignUps", "get", "/v1/client/sign_ups/{sign_up_id}", ["200"]],
  ["updateSignUps", "patch", "/v1/client/sign_ups/{sign_up_id}", ["200"]],
  [
    "prepareSignUpsVerification",
    "post",
    "/v1/client/sign_ups/{sign_up_id}/prepare_verification",
    ["200"],
  ],
  [
    "attemptSignUpsVerification",
    "post",
    "/v1/client/sign_ups/{sign_up_id}/attempt_verification",
    ["200"],
  ],
  ["createSignIn", "post", "/v1/client/sign_ins", ["200"]],
  ["getSignIn", "get", "/v1/client/sign_ins/{sign_in_id}", ["200"]],
  [
    "prepareSignInFactorOne",
    "post",
    "/v1/client/sign_ins/{sign_in_id}/prepare_first_factor",
    ["200"],
  ],
  [
    "attemptSignInFactorOne",
    "post",
    "/v1/client/sign_ins/{sign_in_id}/attempt_first_factor",
    ["200"],
  ],
  ["removeClientSessionsAndRetainCookie", "delete", "/v1/client/sessions", ["200"]],
  ["getSession", "get", "/v1/client/sessions/{session_id}", ["200"]],
  ["touchSession", "post", "/v1/client/sessions/{session_id}/touch", ["200"]],
  ["endSession", "post", "/v1/client/sessions/{session_id}/end", ["200"]],
  ["removeSession", "post", "/v1/client/sessions/{session_id}/remove", ["200"]],
  ["createSessionToken", "post", "/v1/client/sessions/{session_id}/tokens", ["200"]],
  ["getUser", "get", "/v1/me", ["200"]],
  ["getOrganizationMemberships", "get", "/v1/me/organization_memberships", ["200"]],
  ["getUsersOrganizationInvitations", "get", "/v1/me/organization_invitations", ["200"]],
  ["getOrganizationSuggestions", "get", "/v1/me/organization_suggestions", ["200"]],
  ["getOrganizationCreationDefaults", "get", "/v1/me/organization_creation_defaults", ["200"]],
  ["createOrganization", "post", "/v1/organizations", ["200"]],
  ["getOrganization", "get", "/v1/organizations/{organization_id}", ["200"]],
] as const;

const specPaths = process.argv.slice(2);
if (specPaths.length === 0)
  throw new Error("usage: node scripts/extract-fapi-schemas.ts <fapi spec .yml>...");
const [first, ...others] = specPaths.map((path) =>
  responseSchemasWithDefinitions(readSpec(path), served, ["ClerkErrors"]),
);
others.forEach((schemas, index) => {
  if (!isDeepStrictEqual(schemas, first))
    throw new Error(
      `${specPaths[index + 1]} differs from ${specPaths[0]} on the served operations`,
    );
});
writeFileSync(
  new URL("../src/frontend-api/schemas.json", import.meta.url),
  `${JSON.stringify({ source: specPaths.map((path) => `clerk-openapi ${basename(path)} (MIT)`), ...first })}\n`,
);
console.log(`wrote ${Object.keys(first?.responses ?? {}).length} response schemas`);

import type { TokenShape } from "./budget.ts";
import { resolveTemplate } from "./budget.ts";
import { type SessionMetadataClaim, sessionTokenTemplate } from "./claims.ts";

// The longest values this project's tokens can carry. Clerk ids are a prefix and 27 characters; the
// hosts, origin and slug are generous ceilings rather than measured values.
export const worstCaseMetadata = {
  role: "member",
  onboardingComplete: false,
} satisfies SessionMetadataClaim;

export const projectTokenPermissions = ["org:tasks:read", "org:tasks:create", "org:tasks:delete"];

export const worstCaseShape: TokenShape = {
  frontendApiHost: `clerk.${"a".repeat(52)}.example`,
  instanceId: `ins_${"A".repeat(27)}`,
  userId: `user_${"A".repeat(27)}`,
  sessionId: `sess_${"A".repeat(27)}`,
  jti: "a".repeat(20),
  authorizedParty: `https://${"a".repeat(56)}.example`,
  issuedAt: 1_999_999_999,
  lifetimeSeconds: 60,
  organization: {
    id: `org_${"A".repeat(27)}`,
    slug: "a".repeat(64),
    role: "org:member",
    permissions: projectTokenPermissions,
  },
  customClaims: resolveTemplate(sessionTokenTemplate, worstCaseMetadata) as Record<string, unknown>,
};

/** A development session on localhost with no organization and no custom claims, for comparison. */
export const bareShape: TokenShape = {
  ...worstCaseShape,
  frontendApiHost: "crosswalk-emulator-00.clerk.accounts.dev",
  authorizedParty: "http://localhost:3000",
  organization: undefined,
  customClaims: {},
};

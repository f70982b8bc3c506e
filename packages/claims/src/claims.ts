import { z } from "zod";

export const roles = ["admin", "member"] as const;
export type Role = (typeof roles)[number];

/** What `metadata` holds in a session token built from {@link sessionTokenTemplate}. */
export interface SessionMetadataClaim {
  role?: Role | null;
  onboardingComplete?: boolean | null;
}

export interface AppClaims {
  role: Role | null;
  onboardingComplete: boolean;
}

export interface ParsedClaims {
  claims: AppClaims;
  /** One line per claim that was present but invalid and so fell back to its default. */
  issues: string[];
}

/**
 * The session token template to paste into the Clerk Dashboard (Sessions → Customize session token).
 * Each value is a single shortcode, so Clerk keeps the metadata value's JSON type.
 */
export const sessionTokenTemplate = {
  metadata: {
    role: "{{user.public_metadata.role}}",
    onboardingComplete: "{{user.public_metadata.onboardingComplete}}",
  },
} as const;

/**
 * The organization roles to set up in the Clerk Dashboard (Organizations → Roles & Permissions), with the
 * `tasks` feature's permissions each grants; Clerk puts the active organization's into the token.
 */
export const organizationRoles: Record<string, string[]> = {
  "org:admin": ["org:tasks:read", "org:tasks:create", "org:tasks:delete"],
  "org:member": ["org:tasks:read"],
};

export const defaultClaims: AppClaims = { role: null, onboardingComplete: false };

const claimSchemas = {
  role: z.enum(roles).nullable(),
  onboardingComplete: z.boolean().nullable(),
};

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/**
 * Reads the project's custom claims from verified session claims. A missing claim gets its default; an
 * invalid one gets its default and an issue. Issues name the claim and the expected type, never the value.
 */
export function parseSessionClaims(sessionClaims: unknown): ParsedClaims {
  const claims: AppClaims = { ...defaultClaims };
  const issues: string[] = [];
  const metadata =
    typeof sessionClaims === "object" && sessionClaims !== null
      ? (sessionClaims as { metadata?: unknown }).metadata
      : undefined;
  if (metadata === undefined || metadata === null) return { claims, issues };
  if (typeof metadata !== "object" || Array.isArray(metadata)) {
    issues.push(`metadata: expected an object, received ${describe(metadata)}`);
    return { claims, issues };
  }
  const record = metadata as Record<string, unknown>;

  const role = claimSchemas.role.safeParse(record.role ?? null);
  if (role.success) claims.role = role.data;
  else
    issues.push(
      `metadata.role: expected one of ${roles.join(", ")}, received ${describe(record.role)}`,
    );

  const onboarding = claimSchemas.onboardingComplete.safeParse(record.onboardingComplete ?? null);
  if (onboarding.success) claims.onboardingComplete = onboarding.data ?? false;
  else
    issues.push(
      `metadata.onboardingComplete: expected a boolean, received ${describe(record.onboardingComplete)}`,
    );

  return { claims, issues };
}

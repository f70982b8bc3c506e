import { SignJWT } from "jose";
import { clerkId, randomHex } from "./ids.ts";
import type { InstanceKeys } from "./instance.ts";
import type { SigningKeys } from "./keys.ts";

export interface ActiveOrganization {
  id: string;
  slug: string;
  /** `org:admin`, `org:member`, or a custom role key. */
  role: string;
  /** `org:<feature>:<action>` keys. */
  permissions: string[];
}

export interface MintOptions {
  userId: string;
  sessionId?: string;
  organization?: ActiveOrganization;
  /** Custom claims from the session token template, merged into the payload. */
  claims?: Record<string, unknown>;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  lifetimeSeconds?: number;
  /** The `azp` origin; omitted when undefined. */
  authorizedParty?: string;
  jti?: string;
  status?: "active" | "pending";
  /** Another key signs the token (a forged token); the header keeps this instance's kid. */
  signingKey?: SigningKeys["privateKey"];
  /** `nbf` in seconds; defaults to 10 seconds before `iat`, as Clerk issues it. */
  notBefore?: number;
  /** Clerk's token category: `cl_B7d4PD111AAA` for session tokens, `cl_B7d4PD333AAA` for machine tokens. */
  category?: string;
}

export interface MintedToken {
  token: string;
  sessionId: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Clerk's v2 organization claims: `fea` lists the organization's features, `o.per` the action names and
 * `o.fpm` one decimal bitmap per feature, bit i standing for the i-th action.
 */
function organizationClaims(organization: ActiveOrganization) {
  const features: string[] = [];
  const actions: string[] = [];
  const grants = new Map<string, number>();
  for (const key of organization.permissions) {
    const match = /^org:([^:]+):([^:]+)$/.exec(key);
    if (!match?.[1] || !match[2]) throw new Error(`not an org permission key: ${key}`);
    const [, feature, action] = match;
    if (!features.includes(feature)) features.push(feature);
    if (!actions.includes(action)) actions.push(action);
    grants.set(feature, (grants.get(feature) ?? 0) | (2 ** actions.indexOf(action)));
  }
  return {
    fea: features.map((feature) => `o:${feature}`).join(","),
    o: {
      id: organization.id,
      slg: organization.slug,
      rol: organization.role.startsWith("org:") ? organization.role.slice(4) : organization.role,
      per: actions.join(","),
      fpm: features.map((feature) => grants.get(feature)).join(","),
    },
  };
}

export async function mintSessionToken(
  keys: SigningKeys,
  instance: InstanceKeys,
  options: MintOptions,
): Promise<MintedToken> {
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + (options.lifetimeSeconds ?? 60);
  const sessionId = options.sessionId ?? clerkId("sess");
  const payload = {
    ...(options.authorizedParty === undefined ? {} : { azp: options.authorizedParty }),
    fva: [0, -1],
    jti: options.jti ?? randomHex(10),
    nbf: options.notBefore ?? issuedAt - 10,
    sid: sessionId,
    sts: options.status ?? "active",
    v: 2,
    ...(options.organization ? organizationClaims(options.organization) : {}),
    ...options.claims,
  };
  const token = await new SignJWT(payload)
    .setProtectedHeader({
      alg: "RS256",
      typ: "JWT",
      kid: keys.kid,
      cat: options.category ?? "cl_B7d4PD111AAA",
    })
    .setIssuer(`https://${instance.frontendApiHost}`)
    .setSubject(options.userId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(options.signingKey ?? keys.privateKey);
  return { token, sessionId, issuedAt, expiresAt };
}

export interface SessionCookies {
  __session: string;
  __client_uat: string;
  /** Development instances also need the dev browser cookie; only its presence is checked. */
  __clerk_db_jwt?: string;
}

export function sessionCookies(instance: InstanceKeys, minted: MintedToken): SessionCookies {
  return {
    __session: minted.token,
    __client_uat: String(minted.issuedAt),
    ...(instance.environment === "development" ? { __clerk_db_jwt: `dvb_${randomHex(14)}` } : {}),
  };
}

export function cookieHeader(cookies: SessionCookies): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

// Byte budget of the session token and cookies that Clerk builds from a session token template.
// The layout mirrors Clerk's v2 session token: header { alg, typ, kid, cat } and payload { iss, sub, sid,
// iat, nbf, exp, jti, azp, v, sts, fva, fea?, o?, ...custom claims }, signed RS256 with a 2048-bit key.

/** Browsers drop a cookie whose name and value exceed this. */
export const cookieLimitBytes = 4096;
/** Clerk's recommended ceiling for custom claims in the session token. */
export const customClaimsCeilingBytes = 1200;

const rs256SignatureLength = 342; // 256 signature bytes, base64url without padding

export interface TokenShape {
  frontendApiHost: string;
  instanceId: string;
  userId: string;
  sessionId: string;
  jti: string;
  authorizedParty: string;
  issuedAt: number;
  lifetimeSeconds: number;
  organization?: { id: string; slug: string; role: string; permissions: string[] } | undefined;
  customClaims: Record<string, unknown>;
}

const shortcode = /^\{\{\s*user\.public_metadata\.([A-Za-z0-9_]+)\s*\}\}$/;

/** Resolves `{{user.public_metadata.x}}` shortcodes as Clerk does: a lone shortcode keeps the value's JSON type. */
export function resolveTemplate(
  template: unknown,
  publicMetadata: Record<string, unknown>,
): unknown {
  if (typeof template === "string") {
    const match = shortcode.exec(template);
    return match?.[1] ? (publicMetadata[match[1]] ?? null) : template;
  }
  if (Array.isArray(template)) return template.map((item) => resolveTemplate(item, publicMetadata));
  if (typeof template === "object" && template !== null) {
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, resolveTemplate(value, publicMetadata)]),
    );
  }
  return template;
}

/** Clerk's v2 encoding of organization permissions: features, permission names and one bitmap per feature. */
export function encodeOrganizationPermissions(permissions: string[]) {
  const parsed = permissions.map((permission) => {
    const [, feature, action] = permission.split(":");
    if (!feature || !action) throw new Error(`not an org:feature:action permission: ${permission}`);
    return { feature, action };
  });
  const features = [...new Set(parsed.map((p) => p.feature))];
  const actions = [...new Set(parsed.map((p) => p.action))];
  const bitmaps = features.map((feature) =>
    parsed
      .filter((p) => p.feature === feature)
      .reduce((bits, p) => bits | (1 << actions.indexOf(p.action)), 0),
  );
  return {
    fea: features.map((feature) => `o:${feature}`).join(","),
    per: actions.join(","),
    fpm: bitmaps.join(","),
  };
}

function base64urlLength(json: unknown): number {
  return Buffer.from(JSON.stringify(json)).toString("base64url").length;
}

function tokenPayload(shape: TokenShape) {
  const organization = shape.organization;
  const encoded = organization
    ? encodeOrganizationPermissions(organization.permissions)
    : undefined;
  return {
    azp: shape.authorizedParty,
    exp: shape.issuedAt + shape.lifetimeSeconds,
    ...(encoded ? { fea: encoded.fea } : {}),
    fva: [0, -1],
    iat: shape.issuedAt,
    iss: `https://${shape.frontendApiHost}`,
    jti: shape.jti,
    nbf: shape.issuedAt - 10,
    ...(organization && encoded
      ? {
          o: {
            id: organization.id,
            slg: organization.slug,
            rol: organization.role.replace(/^org:/, ""),
            per: encoded.per,
            fpm: encoded.fpm,
          },
        }
      : {}),
    sid: shape.sessionId,
    sts: "active",
    sub: shape.userId,
    v: 2,
    ...shape.customClaims,
  };
}

export function sessionTokenLength(shape: TokenShape): number {
  const header = { alg: "RS256", cat: "cl_B7d4PD111AAA", kid: shape.instanceId, typ: "JWT" };
  return (
    base64urlLength(header) + 1 + base64urlLength(tokenPayload(shape)) + 1 + rs256SignatureLength
  );
}

/**
 * The handshake carries the Set-Cookie strings inside a signed JWT, so the already base64url-encoded
 * session token is encoded a second time and grows by a third.
 */
export function handshakeCookieLength(shape: TokenShape, sessionToken: number): number {
  const session = `__session=${"x".repeat(sessionToken)}; Path=/; Expires=Thu, 01 Jan 2037 00:00:00 GMT; SameSite=Lax`;
  const clientUat = `__client_uat=${shape.issuedAt}; Path=/; Domain=${shape.frontendApiHost}; Max-Age=315360000; SameSite=Lax`;
  const header = { alg: "RS256", kid: shape.instanceId, typ: "JWT" };
  const jwt =
    base64urlLength(header) +
    1 +
    base64urlLength({ handshake: [session, clientUat] }) +
    1 +
    rs256SignatureLength;
  return "__clerk_handshake=".length + jwt;
}

export interface BudgetLine {
  measure: string;
  bytes: number;
  limit: number | null;
  ok: boolean;
}

export function computeBudget(shape: TokenShape): BudgetLine[] {
  const customClaims = Buffer.byteLength(JSON.stringify(shape.customClaims));
  const token = sessionTokenLength(shape);
  const line = (measure: string, bytes: number, limit: number | null): BudgetLine => ({
    measure,
    bytes,
    limit,
    ok: limit === null || bytes <= limit,
  });
  return [
    line("custom claims (JSON)", customClaims, customClaimsCeilingBytes),
    line("session token", token, null),
    line("__session cookie (name=value)", "__session=".length + token, cookieLimitBytes),
    line(
      "__clerk_handshake cookie (token encoded twice)",
      handshakeCookieLength(shape, token),
      cookieLimitBytes,
    ),
  ];
}

export function formatBudget(title: string, lines: BudgetLine[]): string {
  const rows = lines.map((l) => [
    l.measure,
    String(l.bytes),
    l.limit === null ? "—" : String(l.limit),
    l.ok ? "ok" : "OVER",
  ]);
  const header = ["measure", "bytes", "limit", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const format = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    title,
    format(header),
    format(widths.map((w) => "-".repeat(w))),
    ...rows.map(format),
  ].join("\n");
}

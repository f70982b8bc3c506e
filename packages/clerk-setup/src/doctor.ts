import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { verifyToken } from "@clerk/backend";
import { organizationRoles, parseSessionClaims, sessionTokenTemplate } from "@crosswalk/claims";
import {
  cookieLimitBytes,
  customClaimsCeilingBytes,
  handshakeCookieLength,
  resolveTemplate,
} from "@crosswalk/claims/budget";
import { fields, origins } from "@crosswalk/server-env";
import { exportJWK, importSPKI } from "jose";
import { expectedPermissions, templateToPaste, webhookInstructions } from "./expected.ts";
import {
  checkKeys,
  describeError,
  frontendApiHost,
  type Instance,
  rolesAndPermissions,
} from "./instance.ts";
import { fail, info, type Line, ok } from "./report.ts";

const setupHint = "pnpm clerk:setup does this (or Clerk Dashboard → Configure → Organizations).";

async function checkOrganizations(instance: Instance): Promise<Line[]> {
  const settings = await instance.call((clerk) => clerk.instance.getOrganizationSettings());
  return [
    settings.enabled
      ? ok("organizations are on")
      : fail("organizations are off", [`Turn them on: ${setupHint}`]),
  ];
}

/** Each role of `organizationRoles` with its permissions; extra ones are reported, never a failure. */
async function checkRoles(instance: Instance): Promise<Line[]> {
  const { permissions, roles } = await rolesAndPermissions(instance);
  const lines: Line[] = [];
  const absent = expectedPermissions.filter(
    (key) => !permissions.some((permission) => permission.key === key),
  );
  lines.push(
    absent.length === 0
      ? ok(`permissions ${expectedPermissions.join(", ")} exist`)
      : fail(`permission${absent.length > 1 ? "s" : ""} ${absent.join(", ")} missing`, [
          `Create ${absent.length > 1 ? "them" : "it"}: ${setupHint}`,
        ]),
  );
  for (const [key, expected] of Object.entries(organizationRoles)) {
    const role = roles.find((candidate) => candidate.key === key);
    if (!role) {
      lines.push(
        fail(`role ${key} missing`, [`Create it with ${expected.join(", ")}: ${setupHint}`]),
      );
      continue;
    }
    const held = role.permissions.map((permission) => permission.key);
    const missing = expected.filter((permission) => !held.includes(permission));
    const extra = held.filter(
      (permission) => !permission.startsWith("org:sys_") && !expected.includes(permission),
    );
    const note =
      extra.length > 0 ? [`It also has ${extra.join(", ")} (left as they are).`] : undefined;
    lines.push(
      missing.length === 0
        ? ok(`role ${key} has ${expected.join(", ")}`, note)
        : fail(`role ${key} lacks ${missing.join(", ")}`, [
            `Assign ${missing.length > 1 ? "them" : "it"}: ${setupHint}`,
            ...(note ?? []),
          ]),
    );
  }
  return lines;
}

const standardClaims = new Set([
  "azp",
  "exp",
  "fea",
  "fva",
  "iat",
  "iss",
  "jti",
  "nbf",
  "o",
  "sid",
  "sts",
  "sub",
  "v",
  "pla",
]);

/**
 * Mints a real session token for a throwaway user with known metadata and compares its claims with the
 * project's template, after verifying it against the instance's JWKS. The user is deleted in any case.
 */
async function checkTemplate(instance: Instance): Promise<Line[]> {
  if (instance.environment === "production")
    return [
      info(
        "session token template not checked: Clerk creates test sessions on development instances only",
        [
          "To check by hand, sign in to an app and open /api/claims: metadata.role and",
          "metadata.onboardingComplete follow your user's public metadata when the template holds:",
          ...templateToPaste,
        ],
      ),
    ];
  const metadata = { role: "admin", onboardingComplete: true };
  let userId: string | undefined;
  try {
    const user = await instance.call((clerk) =>
      clerk.users.createUser({
        emailAddress: [`crosswalk-doctor-${randomBytes(6).toString("hex")}+clerk_test@example.com`],
        publicMetadata: metadata,
        skipPasswordRequirement: true,
      }),
    );
    userId = user.id;
    const session = await instance.call((clerk) =>
      clerk.sessions.createSession({ userId: user.id }),
    );
    const { jwt } = await instance.call((clerk) => clerk.sessions.getToken(session.id));
    const payload = await verifyToken(jwt, {
      secretKey: instance.env.secretKey,
      ...(instance.env.apiUrl ? { apiUrl: instance.env.apiUrl } : {}),
    });
    const expected = resolveTemplate(sessionTokenTemplate, metadata) as Record<string, unknown>;
    const parsed = parseSessionClaims(payload);
    const holds =
      Object.entries(expected).every(([claim, value]) =>
        isDeepStrictEqual((payload as Record<string, unknown>)[claim], value),
      ) && parsed.issues.length === 0;
    const custom = Object.fromEntries(
      Object.entries(payload).filter(([claim]) => !standardClaims.has(claim)),
    );
    const lines: Line[] = [
      holds
        ? ok(
            "the session token template gives metadata.role and metadata.onboardingComplete (a minted token, verified against the instance's JWKS)",
          )
        : fail("the session token lacks the template's custom claims", [
            `A user with public metadata ${JSON.stringify(metadata)} got ${JSON.stringify(custom)}`,
            "(the apps would read every user as role none, onboarding not complete).",
            ...templateToPaste,
            ...parsed.issues,
          ]),
    ];
    const customBytes = Buffer.byteLength(JSON.stringify(custom));
    const cookie = "__session=".length + jwt.length;
    const handshake = handshakeCookieLength(
      {
        frontendApiHost: frontendApiHost(instance.env.publishableKey),
        instanceId: "ins_0000000000000000000000000000",
        userId: user.id,
        sessionId: session.id,
        jti: "",
        authorizedParty: "",
        issuedAt: payload.iat,
        lifetimeSeconds: 60,
        customClaims: custom,
      },
      jwt.length,
    );
    const within =
      customBytes <= customClaimsCeilingBytes &&
      cookie <= cookieLimitBytes &&
      handshake <= cookieLimitBytes;
    const figures = `custom claims ${customBytes} B (ceiling ${customClaimsCeilingBytes}), __session cookie ${cookie} B and handshake cookie ${handshake} B (limit ${cookieLimitBytes})`;
    lines.push(within ? ok(`token size: ${figures}`) : fail(`token too large: ${figures}`));
    return lines;
  } catch (error) {
    return [
      fail(`could not mint a test token (${describeError(error)})`, [
        "The check creates a throwaway user (an email address, no password) and a test session.",
      ]),
    ];
  } finally {
    const created = userId;
    if (created) await instance.call((clerk) => clerk.users.deleteUser(created));
  }
}

async function checkWebhookSecret(instance: Instance): Promise<Line[]> {
  const secret = instance.env.webhookSigningSecret;
  const checked = fields.CLERK_WEBHOOK_SIGNING_SECRET.safeParse(secret);
  const steps = await webhookInstructions(instance);
  if (secret === undefined)
    return [fail("CLERK_WEBHOOK_SIGNING_SECRET is not set: the sync route answers 500", steps)];
  if (!checked.success)
    return [fail(`CLERK_WEBHOOK_SIGNING_SECRET ${checked.error.issues[0]?.message}`, steps)];
  return [
    ok("CLERK_WEBHOOK_SIGNING_SECRET is well formed"),
    info("the endpoint and its events", steps),
  ];
}

async function checkJwtKey(instance: Instance): Promise<Line[]> {
  const pem = instance.env.jwtKey;
  if (pem === undefined)
    return [ok("CLERK_JWT_KEY unset: the apps verify tokens against the instance's JWKS")];
  const checked = fields.CLERK_JWT_KEY.safeParse(pem);
  const copy =
    "Copy it from Clerk Dashboard → Configure → API keys → JWT public key (PEM), or leave it unset.";
  if (!checked.success) return [fail(`CLERK_JWT_KEY ${checked.error.issues[0]?.message}`, [copy])];
  const given = await importSPKI(pem, "RS256")
    .then((key) => exportJWK(key))
    .catch(() => undefined);
  const { keys } = await instance.call((clerk) => clerk.jwks.getJwks());
  const match = keys?.find((key) => given !== undefined && key.n === given.n && key.e === given.e);
  return [
    match
      ? ok(`CLERK_JWT_KEY is the instance's signing key (${match.kid})`)
      : fail("CLERK_JWT_KEY is not a signing key of this instance: every token would be refused", [
          copy,
        ]),
  ];
}

function checkAuthorizedParties(instance: Instance, domains: string[]): Line[] {
  const value = instance.env.authorizedParties;
  const checked = fields.CLERK_AUTHORIZED_PARTIES.safeParse(value);
  if (!checked.success)
    return [fail(`CLERK_AUTHORIZED_PARTIES ${checked.error.issues[0]?.message}`)];
  if (value === undefined)
    return instance.environment === "production"
      ? [
          fail("CLERK_AUTHORIZED_PARTIES is not set", [
            "With a production instance, set it to the origins your pages are served from",
            "(https://app.example.com); an app with NODE_ENV=production refuses to start without it.",
          ]),
        ]
      : [
          ok(
            "CLERK_AUTHORIZED_PARTIES unset: each app accepts tokens made for its own localhost origin",
          ),
        ];
  const listed = origins(value);
  const foreign =
    instance.environment === "production"
      ? listed.filter((origin) => {
          const url = new URL(origin);
          return (
            url.protocol !== "https:" ||
            !domains.some(
              (domain) => url.hostname === domain || url.hostname.endsWith(`.${domain}`),
            )
          );
        })
      : [];
  return [
    foreign.length === 0
      ? ok(`CLERK_AUTHORIZED_PARTIES lists ${listed.join(", ")}`)
      : fail(
          `CLERK_AUTHORIZED_PARTIES lists ${foreign.join(", ")}, not https on the instance's domain`,
          [
            `The instance serves ${domains.join(", ")}; tokens carry the origin of the page that asked for them.`,
          ],
        ),
  ];
}

/** Every check, in order; the report's lines. The instance is left as it was. */
export async function diagnose(instance: Instance): Promise<Line[]> {
  const keys = await checkKeys(instance);
  if (!keys.usable) return keys.lines;
  return [
    ...keys.lines,
    ...(await checkOrganizations(instance)),
    ...(await checkRoles(instance)),
    ...(await checkTemplate(instance)),
    ...(await checkWebhookSecret(instance)),
    ...(await checkJwtKey(instance)),
    ...checkAuthorizedParties(instance, keys.domains),
  ];
}

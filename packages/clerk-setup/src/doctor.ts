import { randomBytes } from "node:crypto";
import { verifyToken } from "@clerk/backend";
import { organizationRoles, parseSessionClaims } from "@crosswalk/claims";
import { computeBudget } from "@crosswalk/claims/budget";
import { worstCaseShape } from "@crosswalk/claims/worst-case";
import { fields, origins } from "@crosswalk/server-env";
import { exportJWK, importSPKI } from "jose";
import { expectedPermissions, templateToPaste, webhookInstructions } from "./expected.ts";
import { checkKeys, describeError, type Instance, rolesAndPermissions } from "./instance.ts";
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
 * Mints a real session token for a throwaway user with known metadata, verifies it against the instance's
 * JWKS and reads it as the apps do. The user is deleted in any case.
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
  const metadata = { role: "admin", onboardingComplete: true } as const;
  let userId: string | undefined;
  const lines: Line[] = [];
  try {
    const user = await instance.call(
      (clerk) =>
        clerk.users.createUser({
          emailAddress: [
            `crosswalk-doctor-${randomBytes(6).toString("hex")}+clerk_test@example.com`,
          ],
          publicMetadata: metadata,
          skipPasswordRequirement: true,
        }),
      { creates: true },
    );
    userId = user.id;
    const session = await instance.call(
      (clerk) => clerk.sessions.createSession({ userId: user.id }),
      {
        creates: true,
      },
    );
    const { jwt } = await instance.call((clerk) => clerk.sessions.getToken(session.id));
    const payload = await verifyToken(jwt, {
      secretKey: instance.env.secretKey,
      ...(instance.env.apiUrl ? { apiUrl: instance.env.apiUrl } : {}),
    });
    const { claims, issues } = parseSessionClaims(payload);
    const custom = Object.fromEntries(
      Object.entries(payload).filter(([claim]) => !standardClaims.has(claim)),
    );
    lines.push(
      claims.role === metadata.role && claims.onboardingComplete && issues.length === 0
        ? ok(
            "the session token template gives metadata.role and metadata.onboardingComplete (a minted token, verified against the instance's JWKS)",
          )
        : fail("the session token does not carry the template's custom claims", [
            `A user with public metadata ${JSON.stringify(metadata)} got ${JSON.stringify(custom)}`,
            "(the apps would read every user as role none, onboarding not complete).",
            ...issues,
            ...templateToPaste,
          ]),
    );
    // Measured in the largest token the apps can meet: these claims beside the longest organization claims.
    const budget = computeBudget({ ...worstCaseShape, customClaims: custom });
    const figures = budget.map(
      (line) =>
        `${line.measure} ${line.bytes} B${line.limit === null ? "" : ` (limit ${line.limit})`}`,
    );
    lines.push(
      budget.every((line) => line.ok)
        ? ok(
            "the token's size is within the cookie limits, with the largest organization claims",
            figures,
          )
        : fail("the token would be too large with the largest organization claims", figures),
    );
  } catch (error) {
    lines.push(
      fail(`could not mint a test token (${describeError(error)})`, [
        "The check creates a throwaway user (an email address, no password) and a test session.",
      ]),
    );
  }
  const created = userId;
  if (created)
    await instance
      .call((clerk) => clerk.users.deleteUser(created))
      .catch((error: unknown) =>
        lines.push(
          fail(`could not delete the throwaway user ${created} (${describeError(error)})`, [
            "Delete it in Clerk Dashboard → Users.",
          ]),
        ),
      );
  return lines;
}

async function checkWebhookSecret(instance: Instance, portalLink: boolean): Promise<Line[]> {
  const secret = instance.env.webhookSigningSecret;
  const checked = fields.CLERK_WEBHOOK_SIGNING_SECRET.safeParse(secret);
  const steps = await webhookInstructions(instance, portalLink);
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

/**
 * Runs every check, handing each line over as soon as it is known (a check that takes a while, or one the
 * Backend API fails, should not hide the lines before it). An error in a check is that check's failure.
 */
export async function diagnose(
  instance: Instance,
  report: (line: Line) => void,
  options: { portalLink: boolean },
): Promise<void> {
  const keys = await checkKeys(instance);
  for (const line of keys.lines) report(line);
  if (!keys.usable) return;
  const checks: [string, () => Line[] | Promise<Line[]>][] = [
    ["organizations", () => checkOrganizations(instance)],
    ["roles and permissions", () => checkRoles(instance)],
    ["session token template", () => checkTemplate(instance)],
    ["webhook signing secret", () => checkWebhookSecret(instance, options.portalLink)],
    ["CLERK_JWT_KEY", () => checkJwtKey(instance)],
    ["CLERK_AUTHORIZED_PARTIES", () => checkAuthorizedParties(instance, keys.domains)],
  ];
  for (const [subject, check] of checks) {
    const lines = await Promise.resolve()
      .then(check)
      .catch((error: unknown) => [fail(`${subject} not checked: ${describeError(error)}`)]);
    for (const line of lines) report(line);
  }
}

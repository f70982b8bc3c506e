import { z } from "zod";
import { type EnvSource, fields, loopbackHosts, optional, origins, parseEnv } from "./fields.ts";

export * from "./commands.ts";
export { EnvError, exitOnInvalidEnv, fields, origins } from "./fields.ts";
export * from "./listen.ts";

export interface ServerEnv {
  port: number;
  /** The interface to listen on where the app runs its own server (Express, Remix, TanStack Start, React Router). */
  host: string | undefined;
  clerk: {
    publishableKey: string;
    secretKey: string;
    /** PEM for networkless verification; absent: the SDK fetches JWKS from the Backend API. */
    jwtKey: string | undefined;
    apiUrl: string;
    webhookSigningSecret: string | undefined;
    /** The secret being rotated out, accepted beside the current one until it is removed. */
    previousWebhookSigningSecret: string | undefined;
    authorizedParties: string[];
  };
  database: { url: string | undefined; pgliteDataDir: string };
  /** Queue mode: the sync route enqueues to Redis and `pnpm worker` applies; absent: applied in the route. */
  syncQueue:
    | {
        redisUrl: string;
        /** Absent: the queue `pnpm worker` reads by default. */
        name: string | undefined;
      }
    | undefined;
}

export interface ServerEnvOptions {
  /** The app, as a refusal names it ("the express app"). */
  app: string;
  defaultPort: number;
  /** Where the app keeps its embedded database when DATABASE_URL is absent. */
  defaultPgliteDataDir: string;
  /** A framework prefix under which the publishable key may also be given (NEXT_PUBLIC_, VITE_). */
  publicPrefix?: string;
}

const isHttpUrl = (value: string) => /^https?:$/.test(URL.parse(value)?.protocol ?? "");
const isPlainHttp = (value: string | undefined) => URL.parse(value ?? "")?.protocol === "http:";

/**
 * The Frontend API hosts in the local Clerk emulator's publishable keys (development and production): keys no
 * deployment may trust. The emulator takes its hosts from here.
 */
export const emulatorFrontendApiHosts = {
  development: "crosswalk-emulator-00.clerk.accounts.dev",
  production: "clerk.crosswalk.example",
} as const;

/** The Frontend API host a publishable key names: the base64 after `pk_test_`/`pk_live_`, less its `$`. */
function frontendApiHostOf(publishableKey: string): string {
  return Buffer.from(publishableKey.replace(/^pk_(test|live)_/, ""), "base64")
    .toString()
    .replace(/\$$/, "");
}

/**
 * Set only by this project's own checks of production builds, which run against the local emulator: it lifts
 * the production refusals below, which a real deployment must never lift.
 */
export const testsMayUseTheEmulator = "CROSSWALK_TESTS_ALLOW_EMULATOR";

const schema = z
  .object({
    CLERK_PUBLISHABLE_KEY: fields.CLERK_PUBLISHABLE_KEY,
    CLERK_SECRET_KEY: fields.CLERK_SECRET_KEY,
    CLERK_JWT_KEY: fields.CLERK_JWT_KEY,
    CLERK_API_URL: fields.CLERK_API_URL,
    CLERK_WEBHOOK_SIGNING_SECRET: fields.CLERK_WEBHOOK_SIGNING_SECRET,
    CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: fields.CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS,
    CLERK_AUTHORIZED_PARTIES: fields.CLERK_AUTHORIZED_PARTIES,
    HOST: optional,
    NODE_ENV: optional,
    [testsMayUseTheEmulator]: optional,
    DATABASE_URL: fields.DATABASE_URL,
    PGLITE_DATA_DIR: fields.PGLITE_DATA_DIR,
    REDIS_URL: fields.REDIS_URL,
    SYNC_QUEUE_NAME: fields.SYNC_QUEUE_NAME,
    PORT: optional
      .transform((value) => (value === undefined ? undefined : Number(value)))
      .pipe(z.number({ error: "must be a port number" }).int().min(1).max(65_535).optional()),
  })
  .refine((env) => env.REDIS_URL === undefined || env.DATABASE_URL !== undefined, {
    // The worker applies what the app enqueues, so both must reach one database; PGlite is one process's.
    path: ["REDIS_URL"],
    message:
      "needs DATABASE_URL: in queue mode the app and `pnpm worker` share one Postgres database",
  })
  // The localhost default would reject every real token (everyone signed out) and refuse every cookie write,
  // with no error anywhere: in production the origins must be given.
  .refine((env) => env.NODE_ENV !== "production" || env.CLERK_AUTHORIZED_PARTIES !== undefined, {
    path: ["CLERK_AUTHORIZED_PARTIES"],
    message:
      "is required with NODE_ENV=production: the origins your pages are served from (https://app.example.com)",
  });

/**
 * Where the SDK's pages find Clerk's Frontend API and scripts when not at the host in the publishable key
 * (a proxy, or the local emulator). The SDK reads them itself, under these names or with the framework's
 * public prefix; they are checked here so a typo stops start-up instead of leaving the sign-in page blank.
 */
const frontendFields = {
  CLERK_PROXY_URL: optional.refine(
    (value) => value === undefined || value.startsWith("/") || isHttpUrl(value),
    "must be an http(s) URL or a path on this app (/__clerk)",
  ),
  CLERK_JS_URL: optional.refine(
    (value) => value === undefined || isHttpUrl(value),
    "must be an http(s) URL of clerk.browser.js",
  ),
  CLERK_UI_URL: optional.refine(
    (value) => value === undefined || isHttpUrl(value),
    "must be an http(s) URL of ui.browser.js",
  ),
  CLERK_JS: optional.refine(
    (value) => value === undefined || isHttpUrl(value),
    "must be an http(s) URL of clerk.browser.js",
  ),
};

const frontendNames = (publicPrefix: string | undefined) =>
  Object.keys(frontendFields).flatMap((name) => [
    name,
    ...(publicPrefix ? [`${publicPrefix}${name}`] : []),
  ]);

function frontendSchema(publicPrefix: string | undefined) {
  return z.object(
    Object.fromEntries(
      frontendNames(publicPrefix).map((name) => [
        name,
        frontendFields[name.replace(publicPrefix ?? "", "") as keyof typeof frontendFields],
      ]),
    ),
  );
}

/**
 * What production must refuse, though each value is well-formed: anything on this machine's loopback or over
 * plain http that a browser or the SDK would trust with sessions. A process on the Backend API's loopback
 * port receives the secret key and serves the keys tokens are verified with (unless CLERK_JWT_KEY pins
 * them); the emulator's keys are no instance's; an http:// Frontend API or script can be read or replaced
 * on the way.
 */
function refuseUnsafeProduction(publicPrefix: string | undefined) {
  return (env: Record<string, string | undefined>, context: z.RefinementCtx) => {
    if (env.NODE_ENV !== "production" || env[testsMayUseTheEmulator]) return;
    const apiHost = URL.parse(env.CLERK_API_URL ?? "")?.hostname;
    if (apiHost && loopbackHosts.has(apiHost) && !env.CLERK_JWT_KEY)
      context.addIssue({
        code: "custom",
        path: ["CLERK_API_URL"],
        message:
          "must not be on this machine's loopback in production without CLERK_JWT_KEY: whatever listens there gets the secret key and decides which sessions are valid",
      });
    const frontendApiHost = frontendApiHostOf(env.CLERK_PUBLISHABLE_KEY ?? "");
    if (Object.values(emulatorFrontendApiHosts).some((host) => host === frontendApiHost))
      context.addIssue({
        code: "custom",
        path: ["CLERK_PUBLISHABLE_KEY"],
        message: "is the local Clerk emulator's, which no production app may use",
      });
    for (const name of frontendNames(publicPrefix))
      if (isPlainHttp(env[name]))
        context.addIssue({
          code: "custom",
          path: [name],
          message:
            "must be https:// in production: over http:// it can be read or replaced on the way",
        });
  };
}

/**
 * Validates the contract's environment. Every problem is reported at once, by variable name and never
 * by value, so a secret cannot end up in a start-up log.
 */
export function parseServerEnv(source: EnvSource, options: ServerEnvOptions): ServerEnv {
  const input = {
    ...source,
    CLERK_PUBLISHABLE_KEY:
      source.CLERK_PUBLISHABLE_KEY ??
      (options.publicPrefix ? source[`${options.publicPrefix}CLERK_PUBLISHABLE_KEY`] : undefined),
  };
  const env = parseEnv(
    schema
      .and(frontendSchema(options.publicPrefix))
      .superRefine(refuseUnsafeProduction(options.publicPrefix)),
    input,
    `the ${options.app} app`,
  );
  const port = env.PORT ?? options.defaultPort;
  return {
    port,
    host: env.HOST,
    clerk: {
      publishableKey: env.CLERK_PUBLISHABLE_KEY,
      secretKey: env.CLERK_SECRET_KEY,
      jwtKey: env.CLERK_JWT_KEY,
      apiUrl: env.CLERK_API_URL ?? "https://api.clerk.com",
      webhookSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
      previousWebhookSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS,
      authorizedParties: env.CLERK_AUTHORIZED_PARTIES
        ? origins(env.CLERK_AUTHORIZED_PARTIES)
        : [`http://localhost:${port}`],
    },
    database: {
      url: env.DATABASE_URL,
      pgliteDataDir: env.PGLITE_DATA_DIR ?? options.defaultPgliteDataDir,
    },
    syncQueue: env.REDIS_URL
      ? {
          redisUrl: env.REDIS_URL,
          name: env.SYNC_QUEUE_NAME,
        }
      : undefined,
  };
}

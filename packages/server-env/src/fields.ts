import { z } from "zod";

export type EnvSource = Record<string, string | undefined>;

export class EnvError extends Error {
  override name = "EnvError";
}

export const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Svix's format: `whsec_` and the base64 of the key; Clerk's keys are 24 bytes or more. */
function isSigningSecret(value: string): boolean {
  if (!value.startsWith("whsec_")) return false;
  const base64 = value.slice("whsec_".length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) return false;
  return Buffer.from(base64, "base64").byteLength >= 24;
}

/** A comma-separated list of origins, as CLERK_AUTHORIZED_PARTIES holds them. */
export const origins = (list: string) =>
  list
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/** An unset or blank variable reads as absent. */
export const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value : undefined));

/** Each variable's rules, shared by the apps and the operator commands so a value means the same everywhere. */
export const fields = {
  CLERK_PUBLISHABLE_KEY: z
    .string({ error: "is required" })
    .regex(
      /^pk_(test|live)_[A-Za-z0-9+/=]+$/,
      "must be a Clerk publishable key (pk_test_… or pk_live_…)",
    ),
  CLERK_SECRET_KEY: z
    .string({ error: "is required" })
    .regex(/^sk_(test|live)_\S+$/, "must be a Clerk secret key (sk_test_… or sk_live_…)"),
  // The secret key travels in every Backend API request; only the emulator on this machine may use http.
  CLERK_API_URL: optional.pipe(
    z
      .url({ error: "must be a URL" })
      .refine((value) => {
        const url = new URL(value);
        return url.protocol === "https:" || loopbackHosts.has(url.hostname);
      }, "must be an https:// URL (http:// only for localhost, 127.0.0.1 or [::1])")
      .optional(),
  ),
  CLERK_JWT_KEY: optional.refine(
    (value) => value === undefined || value.includes("-----BEGIN PUBLIC KEY-----\n"),
    "must be a PEM public key with real newlines (-----BEGIN PUBLIC KEY-----)",
  ),
  // Set but empty (",") would turn the SDK's azp check off: it skips an empty list.
  CLERK_AUTHORIZED_PARTIES: optional.refine(
    (value) => value === undefined || (origins(value).length > 0 && origins(value).every(isOrigin)),
    "must list one or more origins, comma-separated (https://app.example.com)",
  ),
  CLERK_WEBHOOK_SIGNING_SECRET: optional.refine(
    (value) => value === undefined || isSigningSecret(value),
    "must be the endpoint's signing secret (whsec_ and the base64 of at least 24 bytes)",
  ),
  // During a rotation: deliveries and queued jobs signed with the secret being replaced still verify.
  CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: optional.refine(
    (value) => value === undefined || isSigningSecret(value),
    "must be the endpoint's previous signing secret (whsec_ and the base64 of at least 24 bytes)",
  ),
  DATABASE_URL: optional.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    "must start with postgres:// or postgresql://",
  ),
  PGLITE_DATA_DIR: optional,
  REDIS_URL: optional.refine(
    (value) => value === undefined || /^rediss?:\/\//.test(value),
    "must start with redis:// or rediss://",
  ),
  SYNC_QUEUE_NAME: optional,
};

/** A field that must be set, with the same rules for its value. */
export const required = <T>(field: z.ZodType<T | undefined>) =>
  field.refine((value) => value !== undefined, "is required") as z.ZodType<T>;

/**
 * Parses `source` or throws an EnvError that names every offending variable, never its value, so a
 * secret cannot end up in a start-up log.
 */
export function parseEnv<S extends z.ZodType>(schema: S, source: EnvSource, subject: string) {
  const result = schema.safeParse(source);
  if (result.success) return result.data as z.output<S>;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")} ${issue.message}`);
  throw new EnvError(`Invalid environment for ${subject}:\n${lines.join("\n")}`);
}

/** Runs an environment check at start-up: an invalid environment prints its message and exits. */
export function exitOnInvalidEnv<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    return process.exit(1);
  }
}

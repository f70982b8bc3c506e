import { z } from "zod";
import { type EnvSource, fields, optional, parseEnv, required } from "./fields.ts";

export interface WorkerEnv {
  databaseUrl: string;
  redisUrl: string;
  signingSecret: string;
  /** The secret being rotated out: jobs queued under it are still applied. */
  previousSigningSecret: string | undefined;
  /** Absent: the queue the apps fill by default. */
  queueName: string | undefined;
  lockDurationMs: number | undefined;
  /** How long a job is retried while the database fails, counted from when it was queued; absent: Svix's 36 h. */
  retrySeconds: number | undefined;
}

const wholeSeconds = "must be a whole number of seconds";

/** `pnpm worker`: the apps' Postgres database and Redis, the queue they fill, and their signing secret. */
export function parseWorkerEnv(source: EnvSource): WorkerEnv {
  const env = parseEnv(
    z.object({
      DATABASE_URL: required(fields.DATABASE_URL),
      REDIS_URL: required(fields.REDIS_URL),
      // The key that opens each job comes from the endpoint's secret, so the worker needs it.
      CLERK_WEBHOOK_SIGNING_SECRET: required(fields.CLERK_WEBHOOK_SIGNING_SECRET),
      CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: fields.CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS,
      SYNC_QUEUE_NAME: fields.SYNC_QUEUE_NAME,
      SYNC_RETRY_SECONDS: optional
        .transform((value) => (value === undefined ? undefined : Number(value)))
        .pipe(
          z
            .number({ error: wholeSeconds })
            .int({ error: wholeSeconds })
            .positive({ error: wholeSeconds })
            .optional(),
        ),
      WORKER_LOCK_MS: optional
        .transform((value) => (value === undefined ? undefined : Number(value)))
        .pipe(z.number({ error: "must be milliseconds" }).int().positive().optional()),
    }),
    source,
    "pnpm worker",
  );
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    signingSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
    previousSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS,
    queueName: env.SYNC_QUEUE_NAME,
    lockDurationMs: env.WORKER_LOCK_MS,
    retrySeconds: env.SYNC_RETRY_SECONDS,
  };
}

export interface CommandDatabaseEnv {
  url: string | undefined;
  pgliteDataDir: string | undefined;
}

const database = z
  .object({ DATABASE_URL: fields.DATABASE_URL, PGLITE_DATA_DIR: fields.PGLITE_DATA_DIR })
  .refine((env) => env.DATABASE_URL !== undefined || env.PGLITE_DATA_DIR !== undefined, {
    path: ["DATABASE_URL"],
    message:
      "or PGLITE_DATA_DIR (an app's PGlite folder, such as apps/express/.data/pglite) is required",
  });

/** `pnpm db:migrate`: a Postgres database, or an app's PGlite folder. */
export function parseMigrateEnv(source: EnvSource): CommandDatabaseEnv {
  const env = parseEnv(database, source, "pnpm db:migrate");
  return { url: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DATA_DIR };
}

/** `pnpm db:prune-events`: the database whose webhook_events to prune. */
export function parsePruneEventsEnv(source: EnvSource): CommandDatabaseEnv {
  const env = parseEnv(database, source, "pnpm db:prune-events");
  return { url: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DATA_DIR };
}

export interface ReconcileEnv {
  clerk: { secretKey: string; apiUrl: string | undefined };
  database: CommandDatabaseEnv;
}

/** `pnpm reconcile`: the Clerk instance to read and the database to bring in line. */
export function parseReconcileEnv(source: EnvSource): ReconcileEnv {
  const env = parseEnv(
    z.intersection(
      z.object({ CLERK_SECRET_KEY: fields.CLERK_SECRET_KEY, CLERK_API_URL: fields.CLERK_API_URL }),
      database,
    ),
    source,
    "pnpm reconcile",
  );
  return {
    clerk: { secretKey: env.CLERK_SECRET_KEY, apiUrl: env.CLERK_API_URL },
    database: { url: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DATA_DIR },
  };
}

export interface ClerkInstanceEnv {
  publishableKey: string;
  secretKey: string;
  apiUrl: string | undefined;
  /** The rest as given, each checked by `pnpm clerk:doctor` on a line of its own. */
  jwtKey: string | undefined;
  authorizedParties: string | undefined;
  webhookSigningSecret: string | undefined;
}

/** The frameworks' public names for the publishable key, which the apps accept beside the contract's. */
const publicPrefixes = ["NEXT_PUBLIC_", "VITE_", "PUBLIC_", "NUXT_PUBLIC_"];

/** `pnpm clerk:doctor` and `pnpm clerk:setup`: the keys of the Clerk instance an app uses. */
export function parseClerkInstanceEnv(source: EnvSource, subject: string): ClerkInstanceEnv {
  const publishableKey = [
    "CLERK_PUBLISHABLE_KEY",
    ...publicPrefixes.map((prefix) => `${prefix}CLERK_PUBLISHABLE_KEY`),
  ]
    .map((name) => source[name])
    .find((value) => value?.trim());
  const env = parseEnv(
    z.object({
      CLERK_PUBLISHABLE_KEY: fields.CLERK_PUBLISHABLE_KEY,
      CLERK_SECRET_KEY: fields.CLERK_SECRET_KEY,
      CLERK_API_URL: fields.CLERK_API_URL,
      CLERK_JWT_KEY: optional,
      CLERK_AUTHORIZED_PARTIES: optional,
      CLERK_WEBHOOK_SIGNING_SECRET: optional,
    }),
    { ...source, CLERK_PUBLISHABLE_KEY: publishableKey },
    subject,
  );
  return {
    publishableKey: env.CLERK_PUBLISHABLE_KEY,
    secretKey: env.CLERK_SECRET_KEY,
    apiUrl: env.CLERK_API_URL,
    jwtKey: env.CLERK_JWT_KEY,
    authorizedParties: env.CLERK_AUTHORIZED_PARTIES,
    webhookSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
  };
}

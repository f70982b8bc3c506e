import { describe, expect, it } from "vitest";
import { parseMigrateEnv, parseReconcileEnv, parseWorkerEnv } from "../src/index.ts";

const postgresUrl = "postgres://u:secret-password@h:5432/db";
const signingSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const previousSecret = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";

describe("parseWorkerEnv", () => {
  it("reads the database, Redis, the signing secret, the queue and the lock duration", () => {
    expect(
      parseWorkerEnv({
        DATABASE_URL: postgresUrl,
        REDIS_URL: "redis://127.0.0.1:6379",
        CLERK_WEBHOOK_SIGNING_SECRET: signingSecret,
        CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: previousSecret,
        SYNC_QUEUE_NAME: "staging",
        WORKER_LOCK_MS: "2000",
        SYNC_RETRY_SECONDS: "3600",
      }),
    ).toEqual({
      databaseUrl: postgresUrl,
      redisUrl: "redis://127.0.0.1:6379",
      signingSecret,
      previousSigningSecret: previousSecret,
      queueName: "staging",
      lockDurationMs: 2000,
      retrySeconds: 3_600,
    });
  });

  it("refuses a retry horizon that is not a whole number of seconds", () => {
    for (const SYNC_RETRY_SECONDS of ["36h", "0", "-5", "1.5"])
      expect(() =>
        parseWorkerEnv({
          DATABASE_URL: postgresUrl,
          REDIS_URL: "redis://127.0.0.1:6379",
          CLERK_WEBHOOK_SIGNING_SECRET: signingSecret,
          SYNC_RETRY_SECONDS,
        }),
      ).toThrow(/SYNC_RETRY_SECONDS must be a whole number of seconds/);
  });

  it("names every missing variable at once", () => {
    expect(() => parseWorkerEnv({})).toThrow(
      /pnpm worker:\n {2}DATABASE_URL is required\n {2}REDIS_URL is required\n {2}CLERK_WEBHOOK_SIGNING_SECRET is required/,
    );
  });

  it("refuses malformed values by name, without printing them", () => {
    let message = "";
    try {
      parseWorkerEnv({
        DATABASE_URL: "mysql://u:secret-password@h/db",
        REDIS_URL: "127.0.0.1:6379",
        WORKER_LOCK_MS: "soon",
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("DATABASE_URL must start with postgres://");
    expect(message).toContain("REDIS_URL must start with redis://");
    expect(message).toContain("WORKER_LOCK_MS must be milliseconds");
    expect(message).not.toContain("secret-password");
  });
});

describe("parseMigrateEnv", () => {
  it("takes a Postgres URL or a PGlite folder", () => {
    expect(parseMigrateEnv({ DATABASE_URL: postgresUrl })).toEqual({
      url: postgresUrl,
      pgliteDataDir: undefined,
    });
    expect(parseMigrateEnv({ PGLITE_DATA_DIR: ".data/pglite" })).toEqual({
      url: undefined,
      pgliteDataDir: ".data/pglite",
    });
  });

  it("says that one of the two is required", () => {
    expect(() => parseMigrateEnv({})).toThrow(/DATABASE_URL or PGLITE_DATA_DIR .* is required/);
  });
});

describe("parseReconcileEnv", () => {
  it("reads the Clerk instance and the database", () => {
    expect(
      parseReconcileEnv({
        CLERK_SECRET_KEY: "sk_test_abc",
        CLERK_API_URL: "http://127.0.0.1:4010",
        PGLITE_DATA_DIR: "/tmp/x",
      }),
    ).toEqual({
      clerk: { secretKey: "sk_test_abc", apiUrl: "http://127.0.0.1:4010" },
      database: { url: undefined, pgliteDataDir: "/tmp/x" },
    });
  });

  it("names the missing secret key and database together", () => {
    expect(() => parseReconcileEnv({})).toThrow(
      /CLERK_SECRET_KEY is required[\s\S]*DATABASE_URL or PGLITE_DATA_DIR/,
    );
  });
});

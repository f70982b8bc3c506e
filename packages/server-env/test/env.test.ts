import { describe, expect, it } from "vitest";
import {
  EnvError,
  emulatorFrontendApiHosts,
  parseServerEnv,
  testsMayUseTheEmulator,
} from "../src/index.ts";

const options = {
  app: "express",
  defaultPort: 3002,
  defaultPgliteDataDir: ".data/pglite",
} as const;
const pem =
  "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n";
const valid = {
  CLERK_PUBLISHABLE_KEY: "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k",
  CLERK_SECRET_KEY: "sk_test_abc123",
};

describe("parseServerEnv", () => {
  it("checks where the SDK's pages find the Frontend API, under the framework's public prefix too", () => {
    const emulator = "http://localhost:4010/__clerk";
    expect(() =>
      parseServerEnv(
        {
          ...valid,
          CLERK_PROXY_URL: emulator,
          CLERK_JS_URL: `${emulator}/npm/@clerk/clerk-js@6.40.0/dist/clerk.browser.js`,
          CLERK_UI_URL: `${emulator}/npm/@clerk/ui@1.36.0/dist/ui.browser.js`,
          CLERK_JS: `${emulator}/npm/@clerk/clerk-js@5.128.0/dist/clerk.browser.js`,
        },
        options,
      ),
    ).not.toThrow();
    expect(() => parseServerEnv({ ...valid, CLERK_PROXY_URL: "/__clerk" }, options)).not.toThrow();
    const typo = "htp://localhost:4010/__clerk";
    const refusal = (() => {
      try {
        parseServerEnv(
          { ...valid, NEXT_PUBLIC_CLERK_PROXY_URL: typo, CLERK_UI_URL: "ui.browser.js" },
          { ...options, publicPrefix: "NEXT_PUBLIC_" },
        );
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(EnvError);
    const message = (refusal as EnvError).message;
    expect(message).toContain("NEXT_PUBLIC_CLERK_PROXY_URL must be an http(s) URL or a path");
    expect(message).toContain("CLERK_UI_URL must be an http(s) URL of ui.browser.js");
    expect(message).not.toContain(typo);
  });

  it("applies the contract's defaults", () => {
    expect(parseServerEnv(valid, options)).toEqual({
      port: 3002,
      host: undefined,
      clerk: {
        publishableKey: valid.CLERK_PUBLISHABLE_KEY,
        secretKey: valid.CLERK_SECRET_KEY,
        jwtKey: undefined,
        apiUrl: "https://api.clerk.com",
        webhookSigningSecret: undefined,
        authorizedParties: ["http://localhost:3002"],
      },
      database: { url: undefined, pgliteDataDir: ".data/pglite" },
      syncQueue: undefined,
    });
  });

  it("reads every variable", () => {
    const env = parseServerEnv(
      {
        ...valid,
        CLERK_JWT_KEY: pem,
        CLERK_API_URL: "http://127.0.0.1:4010",
        CLERK_WEBHOOK_SIGNING_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        CLERK_AUTHORIZED_PARTIES: "https://a.example, https://b.example",
        DATABASE_URL: "postgres://u@h:5432/db",
        PGLITE_DATA_DIR: "/tmp/x",
        REDIS_URL: "redis://127.0.0.1:6379",
        SYNC_QUEUE_NAME: "clerk-webhooks-staging",
        CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY",
        PORT: "4000",
        HOST: "127.0.0.1",
      },
      options,
    );
    expect(env.port).toBe(4000);
    expect(env.host).toBe("127.0.0.1");
    expect(env.clerk).toMatchObject({
      jwtKey: pem,
      apiUrl: "http://127.0.0.1:4010",
      webhookSigningSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      previousWebhookSigningSecret: "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY",
    });
    expect(env.clerk.authorizedParties).toEqual(["https://a.example", "https://b.example"]);
    expect(env.database).toEqual({ url: "postgres://u@h:5432/db", pgliteDataDir: "/tmp/x" });
    expect(env.syncQueue).toEqual({
      redisUrl: "redis://127.0.0.1:6379",
      name: "clerk-webhooks-staging",
    });
  });

  it("turns queue mode on with REDIS_URL, on the worker's default queue", () => {
    const env = parseServerEnv(
      { ...valid, DATABASE_URL: "postgres://u@h:5432/db", REDIS_URL: "rediss://r.example:6380" },
      options,
    );
    expect(env.syncQueue).toEqual({
      redisUrl: "rediss://r.example:6380",
      name: undefined,
    });
  });

  it("requires CLERK_AUTHORIZED_PARTIES in production, and keeps the localhost default in development", () => {
    expect(() => parseServerEnv({ ...valid, NODE_ENV: "production" }, options)).toThrow(
      /CLERK_AUTHORIZED_PARTIES is required with NODE_ENV=production/,
    );
    expect(
      parseServerEnv(
        { ...valid, NODE_ENV: "production", CLERK_AUTHORIZED_PARTIES: "https://app.example" },
        options,
      ).clerk.authorizedParties,
    ).toEqual(["https://app.example"]);
    expect(
      parseServerEnv({ ...valid, NODE_ENV: "development" }, options).clerk.authorizedParties,
    ).toEqual([`http://localhost:${options.defaultPort}`]);
  });

  it("refuses a previous signing secret that no delivery could match, naming it and not its value", () => {
    expect(() =>
      parseServerEnv({ ...valid, CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: "whsec_short" }, options),
    ).toThrow(
      /CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS must be the endpoint's previous signing secret/,
    );
  });

  it("refuses queue mode on the embedded database, which the worker cannot share", () => {
    expect(() =>
      parseServerEnv({ ...valid, REDIS_URL: "redis://127.0.0.1:6379" }, options),
    ).toThrow(/REDIS_URL needs DATABASE_URL/);
  });

  it("refuses a Redis URL that is not one", () => {
    expect(() =>
      parseServerEnv(
        { ...valid, DATABASE_URL: "postgres://u@h:5432/db", REDIS_URL: "127.0.0.1:6379" },
        options,
      ),
    ).toThrow(/REDIS_URL must start with redis:\/\//);
  });

  it("takes the publishable key under the framework's public prefix", () => {
    const env = parseServerEnv(
      {
        CLERK_SECRET_KEY: valid.CLERK_SECRET_KEY,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: valid.CLERK_PUBLISHABLE_KEY,
      },
      { ...options, publicPrefix: "NEXT_PUBLIC_" },
    );
    expect(env.clerk.publishableKey).toBe(valid.CLERK_PUBLISHABLE_KEY);
  });

  it("names every missing variable at once", () => {
    expect(() => parseServerEnv({}, options)).toThrow(EnvError);
    expect(() => parseServerEnv({}, options)).toThrow(
      /CLERK_PUBLISHABLE_KEY is required[\s\S]*CLERK_SECRET_KEY is required/,
    );
  });

  it("names a malformed variable without printing its value", () => {
    const secret = "sk_live_this is not a key";
    let message = "";
    try {
      parseServerEnv(
        { ...valid, CLERK_SECRET_KEY: secret, CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----\\nAAAA" },
        options,
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("CLERK_SECRET_KEY must be a Clerk secret key");
    expect(message).toContain("CLERK_JWT_KEY must be a PEM public key with real newlines");
    expect(message).not.toContain("this is not a key");
  });

  it.each([
    ["CLERK_AUTHORIZED_PARTIES", " , ,", "must list one or more origins"],
    ["CLERK_AUTHORIZED_PARTIES", "https://a.example/path", "must list one or more origins"],
    ["CLERK_WEBHOOK_SIGNING_SECRET", "whsec_abc", "must be the endpoint's signing secret"],
    ["CLERK_WEBHOOK_SIGNING_SECRET", "whsec_c2hvcnQ=", "must be the endpoint's signing secret"],
    ["CLERK_API_URL", "http://api.clerk.example", "must be an https:// URL"],
  ])("refuses %s=%j, naming it without its value", (name, value, rule) => {
    let message = "";
    try {
      parseServerEnv({ ...valid, [name]: value }, options);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${name} ${rule}`);
    expect(message).not.toContain(value);
  });

  it("accepts http:// for the Backend API on a loopback host only (the emulator)", () => {
    for (const apiUrl of ["http://localhost:4010", "http://127.0.0.1:4010", "http://[::1]:4010"])
      expect(parseServerEnv({ ...valid, CLERK_API_URL: apiUrl }, options).clerk.apiUrl).toBe(
        apiUrl,
      );
  });

  describe("in production", () => {
    const production = {
      ...valid,
      NODE_ENV: "production",
      CLERK_AUTHORIZED_PARTIES: "https://app.example",
    };
    const emulatorKey = `pk_live_${Buffer.from(`${emulatorFrontendApiHosts.production}$`).toString("base64")}`;
    const refusals = (source: Record<string, string>, publicPrefix?: string) => {
      try {
        parseServerEnv(source, { ...options, publicPrefix });
        return "";
      } catch (error) {
        if (!(error instanceof EnvError)) throw error;
        return error.message;
      }
    };

    it("refuses a loopback Backend API unless CLERK_JWT_KEY pins the keys tokens are verified with", () => {
      const loopback = { ...production, CLERK_API_URL: "http://127.0.0.1:4010" };
      expect(refusals(loopback)).toContain(
        "CLERK_API_URL must not be on this machine's loopback in production without CLERK_JWT_KEY",
      );
      expect(refusals({ ...loopback, CLERK_JWT_KEY: pem })).toBe("");
      expect(refusals({ ...loopback, NODE_ENV: "development" })).toBe("");
    });

    it("refuses the local emulator's publishable key, development's or production's", () => {
      const devKey = `pk_test_${Buffer.from(`${emulatorFrontendApiHosts.development}$`).toString("base64")}`;
      for (const key of [emulatorKey, devKey])
        expect(refusals({ ...production, CLERK_PUBLISHABLE_KEY: key })).toContain(
          "CLERK_PUBLISHABLE_KEY is the local Clerk emulator's",
        );
      expect(refusals({ ...production, CLERK_PUBLISHABLE_KEY: emulatorKey })).not.toContain(
        emulatorKey,
      );
    });

    it("refuses a Frontend API or script over http://, under the public prefix too", () => {
      const message = refusals(
        {
          ...production,
          CLERK_PROXY_URL: "https://app.example/__clerk",
          PUBLIC_CLERK_JS_URL: "http://cdn.example/clerk.browser.js",
        },
        "PUBLIC_",
      );
      expect(message).toContain("PUBLIC_CLERK_JS_URL must be https:// in production");
      expect(message).not.toContain("CLERK_PROXY_URL");
      expect(refusals({ ...production, CLERK_PROXY_URL: "/__clerk" })).toBe("");
    });

    it("lifts every refusal for the project's own checks against the emulator, and only with the opt-in", () => {
      const againstTheEmulator = {
        ...production,
        CLERK_PUBLISHABLE_KEY: emulatorKey,
        CLERK_API_URL: "http://127.0.0.1:4010",
        CLERK_PROXY_URL: "http://127.0.0.1:4010/__clerk",
      };
      expect(refusals(againstTheEmulator).split("\n").length).toBeGreaterThanOrEqual(3);
      expect(refusals({ ...againstTheEmulator, [testsMayUseTheEmulator]: "1" })).toBe("");
    });
  });

  it("refuses a database URL that is not Postgres", () => {
    expect(() => parseServerEnv({ ...valid, DATABASE_URL: "mysql://x" }, options)).toThrow(
      /DATABASE_URL must start with postgres/,
    );
  });
});

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startClerkEmulator } from "@crosswalk/clerk-emulator";
import { testsMayUseTheEmulator } from "@crosswalk/server-env";
import { events, signEvent } from "@crosswalk/webhooks/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../harness/app-process.ts";
import type { Harness } from "../harness/context.ts";
import { type AppDatabase, createAppDatabase } from "../harness/database.ts";

export function configurationSuite(harness: Harness) {
  describe("with production keys and no webhook secret", () => {
    let emulator: Awaited<ReturnType<typeof startClerkEmulator>>;
    let database: AppDatabase;
    let app: RunningApp;

    beforeAll(async () => {
      emulator = await startClerkEmulator({ environment: "production" });
      database = await createAppDatabase(process.env.TEST_DATABASE_URL);
      const { CLERK_WEBHOOK_SIGNING_SECRET: _omitted, ...env } = emulator.env;
      app = await startApp(harness.config, { ...env, ...database.env });
    });
    afterAll(async () => {
      await app?.stop();
      await emulator?.close();
      await database?.drop();
    });

    it("accepts a production session cookie, which needs no dev browser cookie", async () => {
      const user = emulator.state.createUser();
      const minted = await emulator.mint({ userId: user.id, authorizedParty: app.url });
      const cookies = emulator.cookies(minted);
      expect(cookies.__clerk_db_jwt).toBeUndefined();
      const response = await fetch(`${app.url}/api/me`, {
        headers: { cookie: `__session=${cookies.__session}; __client_uat=${cookies.__client_uat}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ userId: user.id });
    });

    it("answers webhook_secret_missing and says why in its log", async () => {
      const delivery = signEvent(
        emulator.webhookSecret,
        events.userDeleted("user_2conformanceNoSecret000000"),
      );
      const response = await fetch(`${app.url}/api/webhooks/clerk`, {
        method: "POST",
        headers: { ...delivery.headers, "content-type": "application/json" },
        body: delivery.body,
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "webhook_secret_missing" });
      expect(await app.waitForOutput("CLERK_WEBHOOK_SIGNING_SECRET")).toContain(
        "CLERK_WEBHOOK_SIGNING_SECRET",
      );
    });
  });

  describe("start-up", () => {
    it.each(["CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY"])(
      "stops without %s, naming it",
      async (name) => {
        const env: Record<string, string> = {
          ...harness.emulator.env,
          ...harness.database.env,
          [name]: "",
        };
        await expect(startApp(harness.config, env, { timeoutMs: 30_000 })).rejects.toThrow(name);
      },
    );

    it.each([
      ["CLERK_AUTHORIZED_PARTIES", " , ", "which would turn the SDK's azp check off"],
      ["CLERK_WEBHOOK_SIGNING_SECRET", "whsec_abc", "which no delivery could ever match"],
      [
        "CLERK_API_URL",
        "http://api.clerk.example",
        "which would send the secret key in clear text",
      ],
      [
        "CLERK_PROXY_URL",
        "htp://localhost:4010/__clerk",
        "which would leave the sign-in page blank",
      ],
    ])("stops with %s=%j, %s, naming it and not its value", async (name, value) => {
      const env: Record<string, string> = {
        ...harness.emulator.env,
        ...harness.database.env,
        [name]: value,
      };
      const refused = startApp(harness.config, env, { timeoutMs: 30_000 });
      await expect(refused).rejects.toThrow(name);
      const message = await refused.catch((error: Error) => error.message);
      // It exited by itself, non-zero, before serving: not a health check that timed out.
      expect(message).toMatch(/^the app exited \([1-9]\d*\)/);
      expect(message).not.toContain(value);
    });

    // It loads the whole server build before it listens: on a busy machine that takes a while.
    it("stops non-zero when its port is taken, naming PORT, instead of staying up serving nothing", {
      timeout: 120_000,
    }, async () => {
      // Another server on the port, on every interface as the app listens; it answers, so the wait for
      // /api/health does not hang on it.
      const other = createServer((_request, response) => response.writeHead(418).end());
      await new Promise<void>((resolve) => other.listen(0, resolve));
      const { port } = other.address() as AddressInfo;
      // A database of its own: two processes on one PGlite folder would overwrite each other's writes.
      const database = await createAppDatabase(process.env.TEST_DATABASE_URL);
      try {
        const env = { ...harness.emulator.env, ...database.env };
        const refused = startApp(harness.config, env, { port, timeoutMs: 90_000 });
        const message = await refused.then(
          () => "started",
          (error: Error) => error.message,
        );
        expect(message).toMatch(/^the app exited \([1-9]\d*\)/);
        expect(message).toMatch(/cannot listen on PORT \d+ \(EADDRINUSE\)/);
      } finally {
        await new Promise((resolve) => other.close(resolve));
        await database.drop();
      }
    });

    it("stops in production without CLERK_AUTHORIZED_PARTIES, naming it, instead of signing everyone out", async () => {
      const env: Record<string, string> = {
        ...harness.emulator.env,
        ...harness.database.env,
        NODE_ENV: "production",
        CLERK_AUTHORIZED_PARTIES: "",
      };
      const refused = startApp(harness.config, env, { timeoutMs: 30_000 });
      const message = await refused.then(
        () => "started",
        (error: Error) => error.message,
      );
      expect(message).toMatch(/^the app exited \([1-9]\d*\)/);
      expect(message).toContain("CLERK_AUTHORIZED_PARTIES is required with NODE_ENV=production");
    });

    // A publishable key of no emulator's: its Frontend API is a host like any customer's.
    const aCustomersKey = `pk_live_${Buffer.from("clerk.customer.example$").toString("base64")}`;
    it.each([
      [
        "CLERK_API_URL",
        "a Backend API on loopback without CLERK_JWT_KEY: whatever answers there gets the secret key and serves the keys tokens are checked with",
        { CLERK_JWT_KEY: "", CLERK_PUBLISHABLE_KEY: aCustomersKey },
      ],
      ["CLERK_PUBLISHABLE_KEY", "the local emulator's publishable key", {}],
      [
        "CLERK_PROXY_URL",
        "an http:// Frontend API, which would carry sessions in clear text",
        { CLERK_PUBLISHABLE_KEY: aCustomersKey, CLERK_PROXY_URL: "http://clerk.customer.example" },
      ],
      [
        "CLERK_JS_URL",
        "clerk-js from an http:// URL, which anyone on the way could replace",
        {
          CLERK_PUBLISHABLE_KEY: aCustomersKey,
          CLERK_JS_URL: "http://cdn.customer.example/clerk.js",
        },
      ],
    ])(
      "stops in production with %s set to %s, naming it",
      async (name, _why, overrides: Record<string, string>) => {
        const env: Record<string, string> = {
          ...harness.emulator.env,
          ...harness.database.env,
          ...overrides,
          NODE_ENV: "production",
          [testsMayUseTheEmulator]: "",
        };
        const message = await startApp(harness.config, env, { timeoutMs: 30_000 }).then(
          () => "started",
          (error: Error) => error.message,
        );
        expect(message).toMatch(/^the app exited \([1-9]\d*\)/);
        expect(message).toContain(name);
        for (const value of Object.values(overrides).filter(Boolean))
          expect(message).not.toContain(value);
      },
    );

    it("starts in production when NODE_ENV is not set, and so refuses the emulator's keys there too", async () => {
      const env: Record<string, string> = {
        ...harness.emulator.env,
        ...harness.database.env,
        [testsMayUseTheEmulator]: "",
      };
      const message = await startApp(harness.config, env, { timeoutMs: 30_000 }).then(
        () => "started",
        (error: Error) => error.message,
      );
      expect(message).toMatch(/^the app exited \([1-9]\d*\)/);
      expect(message).toContain("CLERK_PUBLISHABLE_KEY");
    });

    it("stops with REDIS_URL but no DATABASE_URL, since the worker cannot reach the embedded database", async () => {
      const env: Record<string, string> = {
        ...harness.emulator.env,
        PGLITE_DATA_DIR: join(tmpdir(), `crosswalk-unused-${process.pid}`),
        REDIS_URL: "redis://127.0.0.1:6379",
      };
      await expect(startApp(harness.config, env, { timeoutMs: 30_000 })).rejects.toThrow(
        "REDIS_URL needs DATABASE_URL",
      );
    });
  });
}

// A dev server runs a server module again after every change. What the module opened (the database pool, the
// sync route's Redis connection) must be the same after ten reloads as before them, on a real Postgres and Redis.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startClerkEmulator } from "@crosswalk/clerk-emulator";
import { createAppDatabase, freePort } from "@crosswalk/conformance/harness";
import { events, signEvent } from "@crosswalk/webhooks/testing";
import { Redis } from "ioredis";
import postgres from "postgres";
import { describe, expect, it, onTestFinished } from "vitest";
import { type App, apps, pageSdkOfApp, root } from "../src/apps.ts";
import { developerEnvironment, stopProcessTree } from "../src/dev-run.ts";

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

/** Each app's module that opens the database and its sync route, which a change reloads. */
const serverModules: Record<string, string[]> = {
  nextjs: ["src/server/db.ts", "src/app/api/webhooks/clerk/route.ts"],
  remix: ["app/server/db.server.ts", "app/routes/api.webhooks.clerk.ts"],
  "react-router": ["app/server/db.server.ts", "app/routes/api.webhooks.clerk.ts"],
  "tanstack-start": ["src/server/db.ts", "src/routes/api/webhooks/clerk.ts"],
  astro: ["src/server/db.ts", "src/pages/api/webhooks/clerk.ts"],
  nuxt: ["server/utils/db.ts", "server/api/webhooks/clerk.post.ts"],
};
// Apps whose dev server runs no start-up module (it would print "database ready" on each reload): their ten
// edits are counted instead.
const noStartupModule = new Set(["nextjs", "astro"]);
const reloading = apps.filter((app) => serverModules[app.dir]);

/**
 * Edits the app's server modules by a trailing comment, as a developer's save would (Turbopack skips a write
 * of the same bytes); `restore` puts back what they held before the first edit.
 */
function moduleEditor(app: App) {
  const originals = (serverModules[app.dir] ?? []).map((file) => {
    const path = join(root, "apps", app.dir, file);
    return { path, text: readFileSync(path, "utf8") };
  });
  return {
    edit(reload: number) {
      for (const { path, text } of originals) writeFileSync(path, `${text}// reload ${reload}\n`);
    },
    restore() {
      for (const { path, text } of originals) writeFileSync(path, text);
    },
  };
}

describe.skipIf(!databaseUrl || !redisUrl)(
  "a dev server's reloads replace what its server modules opened",
  () => {
    for (const app of reloading) {
      it(`${app.name}: ten reloads of its database and sync-route modules add no connection`, {
        timeout: 300_000,
      }, async () => {
        const emulator = await startClerkEmulator();
        onTestFinished(() => emulator.close());
        const database = await createAppDatabase(databaseUrl);
        onTestFinished(() => database.drop());
        const queueName = `crosswalk-reload-${randomUUID()}`;
        const port = await freePort();
        const sdk = pageSdkOfApp(app);
        const chunks: string[] = [];
        const child = spawn("pnpm", ["--filter", `@crosswalk/${app.dir}`, "dev"], {
          cwd: root,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
          env: {
            ...developerEnvironment(),
            ...emulator.env,
            ...(sdk ? emulator.frontendEnv(sdk) : {}),
            ...database.env,
            REDIS_URL: redisUrl,
            SYNC_QUEUE_NAME: queueName,
            PORT: String(port),
            HOST: "127.0.0.1",
          },
        });
        child.stdout?.on("data", (chunk) => chunks.push(String(chunk)));
        child.stderr?.on("data", (chunk) => chunks.push(String(chunk)));
        onTestFinished(() => stopProcessTree(child.pid ?? 0));
        const origin = `http://localhost:${port}`;
        await expect
          .poll(
            () =>
              fetch(`${origin}/api/health`).then(
                (r) => r.status,
                () => 0,
              ),
            {
              timeout: 180_000,
              interval: 500,
            },
          )
          .toBe(200);

        let deliveries = 0;
        // A delivery that races a reload may meet the dev server mid-way: Svix would send it again, after a
        // 5xx or after its 15 s timeout (Nuxt's dev server can hold a request that came while it swapped its
        // Nitro worker).
        const post = async (event: unknown, expected: number, attempts = 5): Promise<void> => {
          const delivery = signEvent(emulator.env.CLERK_WEBHOOK_SIGNING_SECRET, event);
          const response = await fetch(`${origin}/api/webhooks/clerk`, {
            method: "POST",
            headers: delivery.headers,
            body: delivery.body,
            signal: AbortSignal.timeout(15_000),
          }).catch((error: unknown) => {
            if (!(error instanceof DOMException && error.name === "TimeoutError") || attempts <= 1)
              throw error;
            return undefined;
          });
          if (!response || (response.status >= 500 && attempts > 1))
            return post(event, expected, attempts - 1);
          if (response.status !== expected)
            throw new Error(
              `delivery answered ${response.status} ${await response.text()}\n${chunks.join("").slice(-3_000)}`,
            );
        };
        // A synced event is queued (the route's Redis connection); one the app does not sync is recorded at
        // once (its database pool): a reload that opened either again would show in the counts.
        const deliver = async () => {
          const user = {
            id: `user_reload${deliveries++}${randomUUID().slice(0, 8)}`,
            email: "reload@example.com",
            firstName: "Reload",
            lastName: null,
            username: null,
            imageUrl: null,
            createdAt: 1_700_000_000_000,
            updatedAt: 1_700_000_000_000,
          };
          await post(events.userCreated(user), 202);
          await post({ ...events.userCreated(user), type: "session.created" }, 200);
        };
        const databaseName = new URL(database.env.DATABASE_URL ?? "").pathname.slice(1);
        const admin = postgres(databaseUrl ?? "", { max: 1, onnotice: () => {} });
        onTestFinished(() => admin.end());
        const redis = new Redis(redisUrl ?? "");
        onTestFinished(() => redis.disconnect());
        const connections = async () => {
          const [row] = await admin<{ count: number }[]>`
          select count(*)::int as count from pg_stat_activity where datname = ${databaseName}`;
          const clients = String(await redis.call("CLIENT", "LIST"));
          return {
            postgres: row?.count ?? 0,
            redis: clients
              .split("\n")
              .filter((line) => line.includes(` name=sync-route:${queueName} `)).length,
          };
        };

        await deliver();
        const before = await connections();
        expect(before.redis).toBe(1);

        // The Vite apps run their start-up module again on a reload, which prints this once more. A write the
        // watcher folded into the previous one is made again.
        const ready = () => chunks.join("").split("database ready").length - 1;
        const editor = moduleEditor(app);
        onTestFinished(() => editor.restore());
        const target = ready() + 10;
        const deadline = Date.now() + 120_000;
        for (
          let reload = 1;
          noStartupModule.has(app.dir) ? reload <= 10 : ready() < target;
          reload++
        ) {
          if (Date.now() > deadline)
            throw new Error(
              `${ready() - target + 10} of 10 reloads ran:\n${chunks.join("").slice(-3_000)}`,
            );
          const readyBefore = ready();
          editor.edit(reload);
          const settled = Date.now() + 5_000;
          do {
            await new Promise((resolve) => setTimeout(resolve, 500));
            await deliver();
          } while (
            !noStartupModule.has(app.dir) &&
            ready() === readyBefore &&
            Date.now() < settled
          );
        }
        await deliver();
        expect(await connections()).toEqual(before);
      });
    }
  },
);

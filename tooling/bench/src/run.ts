import { randomUUID } from "node:crypto";
import { startClerkEmulator } from "@crosswalk/clerk-emulator";
import { type AppConfig, createAppDatabase, startApp } from "@crosswalk/conformance/harness";
import { createDatabase } from "@crosswalk/db";
import { createWebhookHandler } from "@crosswalk/webhooks";
import { newSigningSecret, type SignedDelivery } from "@crosswalk/webhooks/testing";
import { expectProcessed, userEvents } from "./deliveries.ts";
import { type Measurement, measure } from "./measure.ts";

export interface BenchOptions {
  /** A Postgres server for the databases; absent: embedded PGlite, as the apps use by default. */
  serverUrl: string | undefined;
  events: number;
  requests: number;
  concurrency: number;
}

export interface AppFigures {
  framework: string;
  sync: Measurement;
  health: Measurement;
  claims: Measurement;
}

// JIT, connection pools and Next.js's first compile of a route are not what the figures are about.
const warmUpShare = 10;

/** The shared handler called directly: the ceiling that each framework's sync route adds its cost to. */
export async function benchInProcess(options: BenchOptions): Promise<Measurement> {
  const database = await createAppDatabase(options.serverUrl);
  const handle = createDatabase({
    url: database.env.DATABASE_URL,
    dataDir: database.env.PGLITE_DATA_DIR,
  });
  try {
    await handle.migrate();
    const secret = newSigningSecret();
    const handler = createWebhookHandler({ db: handle.db, signingSecret: secret });
    const send = (deliveries: SignedDelivery[]) => async (index: number) => {
      const delivery = deliveries[index] as SignedDelivery;
      const response = await handler({ body: delivery.body, headers: { ...delivery.headers } });
      expectProcessed(response.status, response.body);
    };
    const warmUp = userEvents(secret, "warm", Math.ceil(options.events / warmUpShare));
    await measure(warmUp.length, options.concurrency, send(warmUp));
    const run = userEvents(secret, randomUUID().slice(0, 8), options.events);
    return await measure(run.length, options.concurrency, send(run));
  } finally {
    await handle.close();
    await database.drop();
  }
}

/** One built app, started as a user would against the emulator and a fresh database. */
export async function benchApp(config: AppConfig, options: BenchOptions): Promise<AppFigures> {
  const emulator = await startClerkEmulator();
  const database = await createAppDatabase(options.serverUrl);
  const app = await startApp(config, { ...emulator.env, ...database.env });
  try {
    const user = emulator.state.createUser({ firstName: "Bench" });
    const { token } = await emulator.mint({
      userId: user.id,
      authorizedParty: app.url,
      lifetimeSeconds: 3600,
    });
    const get =
      (path: string, headers: Record<string, string> = {}) =>
      async () => {
        const response = await fetch(`${app.url}${path}`, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
      };
    const health = get("/api/health");
    const claims = get("/api/claims", { authorization: `Bearer ${token}` });
    const post = (deliveries: SignedDelivery[]) => async (index: number) => {
      const delivery = deliveries[index] as SignedDelivery;
      const response = await fetch(`${app.url}/api/webhooks/clerk`, {
        method: "POST",
        headers: { ...delivery.headers, "content-type": "application/json" },
        body: delivery.body,
      });
      expectProcessed(response.status, await response.json());
    };

    const warmUpRequests = Math.ceil(options.requests / warmUpShare);
    await measure(warmUpRequests, options.concurrency, health);
    await measure(warmUpRequests, options.concurrency, claims);
    const warmUp = userEvents(
      emulator.webhookSecret,
      "warm",
      Math.ceil(options.events / warmUpShare),
    );
    await measure(warmUp.length, options.concurrency, post(warmUp));

    const run = userEvents(emulator.webhookSecret, randomUUID().slice(0, 8), options.events);
    return {
      framework:
        config.runtime === "node" ? config.framework : `${config.framework} on ${config.runtime}`,
      sync: await measure(run.length, options.concurrency, post(run)),
      health: await measure(options.requests, options.concurrency, health),
      claims: await measure(options.requests, options.concurrency, claims),
    };
  } finally {
    await app.stop();
    await emulator.close();
    await database.drop();
  }
}

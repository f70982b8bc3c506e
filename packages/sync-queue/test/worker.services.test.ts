import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { users, webhookEvents } from "@crosswalk/db";
import { openServerDatabase, type TestDatabase } from "@crosswalk/db/testing";
import {
  events,
  newSigningSecret,
  type SignedDelivery,
  signEvent,
  type UserState,
} from "@crosswalk/webhooks/testing";
import type { Queue } from "bullmq";
import { eq, inArray, like } from "drizzle-orm";
import type { Redis } from "ioredis";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createQueuedWebhookHandler,
  createSyncQueue,
  redisClient,
  type SyncJob,
} from "../src/index.ts";
import { waitFor } from "./support.ts";

const redisUrl = process.env.TEST_REDIS_URL;
const serverUrl = process.env.TEST_DATABASE_URL;
const secret = newSigningSecret();
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

const aUser = (index: number, run: string, firstName = "v0"): UserState => ({
  id: `user_w${run}n${index}`,
  email: null,
  firstName,
  lastName: null,
  username: null,
  imageUrl: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
});

/** `pnpm worker`, as an operator runs it, collecting what it prints. */
class WorkerProcess {
  readonly child: ChildProcess;
  output = "";
  constructor(env: Record<string, string>, args: string[] = []) {
    this.child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.on("data", (chunk: Buffer) => {
        this.output += chunk.toString();
      });
  }
  ready = () => waitFor(async () => this.output.includes("applying queued"), 60_000);
  async exit(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const [code] = await once(this.child, "exit");
    return code as number | null;
  }
}

describe.skipIf(!redisUrl || !serverUrl)("pnpm worker", () => {
  let connection: Redis;
  let database: TestDatabase;
  const queues: Queue<SyncJob>[] = [];
  const children: WorkerProcess[] = [];

  beforeAll(async () => {
    connection = redisClient(redisUrl as string);
    database = await openServerDatabase(serverUrl as string);
  });
  afterAll(async () => {
    for (const worker of children) worker.child.kill("SIGKILL");
    for (const queue of queues) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
    connection.disconnect();
    await database.close();
  });

  const freshQueue = () => {
    const queue = createSyncQueue(connection, `crosswalk-worker-${randomUUID()}`);
    queues.push(queue);
    return queue;
  };
  const startWorker = (
    queue: Pick<Queue<SyncJob>, "name">,
    env: Record<string, string> = {},
    args: string[] = [],
  ) => {
    const worker = new WorkerProcess(
      {
        DATABASE_URL: database.url as string,
        REDIS_URL: redisUrl as string,
        SYNC_QUEUE_NAME: queue.name,
        CLERK_WEBHOOK_SIGNING_SECRET: secret,
        WORKER_LOCK_MS: "2000",
        ...env,
      },
      args,
    );
    children.push(worker);
    return worker;
  };
  const enqueue = async (queue: Queue<SyncJob>, deliveries: SignedDelivery[], signing = secret) => {
    const route = createQueuedWebhookHandler({ db: database.db, signingSecret: signing, queue });
    for (const delivery of deliveries)
      expect(await route({ body: delivery.body, headers: { ...delivery.headers } })).toEqual({
        status: 202,
        body: { status: "queued" },
      });
  };
  const recorded = async (deliveries: SignedDelivery[]) =>
    database.db
      .select()
      .from(webhookEvents)
      .where(
        inArray(
          webhookEvents.svixId,
          deliveries.map((delivery) => delivery.headers["svix-id"]),
        ),
      );

  it("loses nothing when killed mid-burst: the restarted worker finishes every event once", async () => {
    const run = randomUUID().slice(0, 8);
    const deliveries = Array.from({ length: 500 }, (_, index) =>
      signEvent(secret, events.userCreated(aUser(index, run))),
    );
    const queue = freshQueue();
    await enqueue(queue, deliveries);

    const first = startWorker(queue);
    await waitFor(async () => (await recorded(deliveries)).length >= 300);
    first.child.kill("SIGKILL");
    expect((await recorded(deliveries)).length).toBeLessThan(deliveries.length);

    startWorker(queue);
    await waitFor(async () => (await recorded(deliveries)).length >= deliveries.length);
    await waitFor(async () => (await queue.getJobCounts("active", "waiting")).waiting === 0);
    expect(await queue.getJobCounts("failed", "waiting", "active")).toEqual({
      failed: 0,
      waiting: 0,
      active: 0,
    });
    expect(await recorded(deliveries)).toHaveLength(deliveries.length);
    const rows = await database.db
      .select()
      .from(users)
      .where(like(users.clerkId, `user_w${run}n%`));
    expect(rows).toHaveLength(500);
  });

  it("applies exactly once a job that was active across a SIGTERM while its write was blocked, then two SIGKILLs", async () => {
    const run = randomUUID().slice(0, 8);
    const user = aUser(0, run, "Survivor");
    const delivery = signEvent(secret, events.userCreated(user));
    const svixId = delivery.headers["svix-id"];
    const queue = freshQueue();
    // Another session holds the row the job must write: every attempt waits on its lock, as during an outage.
    const blocker = postgres(database.url as string, { max: 1 });
    let release = () => {};
    const blocking = blocker.begin(async (tx) => {
      await tx`insert into webhook_events (svix_id, type, status) values (${svixId}, 'user.created', 'processed')`;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      throw new Error("rolled back");
    });
    blocking.catch(() => {});
    try {
      const deployed = startWorker(queue);
      await deployed.ready();
      await enqueue(queue, [delivery]);
      await waitFor(async () => (await queue.getJobCounts("active")).active === 1, 30_000);
      // A deploy: SIGTERM, and the worker lets the attempt in hand end before it exits.
      deployed.child.kill("SIGTERM");
      expect(await deployed.exit()).toBe(0);

      // Then OOM kills, each in the middle of an attempt the new worker started: each leaves the job stalled.
      const attemptsStarted = async () => (await queue.getJob(svixId))?.attemptsStarted ?? 0;
      for (let kill = 0; kill < 2; kill += 1) {
        const before = await attemptsStarted();
        const killed = startWorker(queue);
        await killed.ready();
        await waitFor(
          async () =>
            (await attemptsStarted()) > before && (await queue.getJobState(svixId)) === "active",
          30_000,
        );
        killed.child.kill("SIGKILL");
        await killed.exit();
      }
    } finally {
      release();
      await blocking.catch(() => {});
      await blocker.end();
    }

    startWorker(queue);
    await waitFor(async () => (await recorded([delivery])).length === 1, 60_000);
    expect(await recorded([delivery])).toMatchObject([{ status: "processed" }]);
    expect(await database.db.select().from(users).where(eq(users.clerkId, user.id))).toMatchObject([
      { firstName: "Survivor" },
    ]);
    expect(await queue.getJobCounts("failed")).toEqual({ failed: 0 });
  });

  it("parks the jobs no configured secret opens, retries them at its next start, and --retry-failed says how many it moved", async () => {
    const run = randomUUID().slice(0, 8);
    const previous = newSigningSecret();
    const deliveries = [0, 1].map((index) =>
      signEvent(previous, events.userCreated(aUser(index, run, "Parked"))),
    );
    const queue = freshQueue();
    await enqueue(queue, deliveries, previous);
    const withoutPrevious = startWorker(queue);
    await waitFor(async () => (await queue.getJobCounts("failed")).failed === 2, 30_000);
    withoutPrevious.child.kill("SIGTERM");
    expect(await withoutPrevious.exit()).toBe(0);
    expect(withoutPrevious.output).toContain("unverified");
    expect(await recorded(deliveries)).toEqual([]);

    const retry = startWorker(queue, {}, ["--retry-failed"]);
    expect(await retry.exit()).toBe(0);
    expect(retry.output).toContain("moved 2 failed or parked jobs back to the queue");
    expect(await queue.getJobCounts("failed", "waiting")).toEqual({ failed: 0, waiting: 2 });

    // Still without the secret: parked again. Restarted with it, the start itself retries them.
    const stillWithout = startWorker(queue);
    await waitFor(async () => (await queue.getJobCounts("failed")).failed === 2, 30_000);
    stillWithout.child.kill("SIGTERM");
    await stillWithout.exit();
    // Started once more without it, while the jobs are parked: their one retry each, then to work.
    const restartedWithout = startWorker(queue);
    await restartedWithout.ready();
    expect(restartedWithout.output).toContain("retrying 2 parked jobs");
    await waitFor(async () => (await queue.getJobCounts("failed")).failed === 2, 30_000);
    restartedWithout.child.kill("SIGTERM");
    expect(await restartedWithout.exit()).toBe(0);

    // Two replicas restarted with it at once: both start, and each job is applied once.
    const fixed = [0, 1].map(() =>
      startWorker(queue, { CLERK_WEBHOOK_SIGNING_SECRET_PREVIOUS: previous }),
    );
    for (const worker of fixed) await worker.ready();
    await waitFor(async () => (await recorded(deliveries)).length === 2, 30_000);
    expect(fixed.map((worker) => worker.output).join("")).toContain("parked jobs");
    expect(await queue.getJobCounts("failed", "waiting")).toEqual({ failed: 0, waiting: 0 });
  });

  const redisServer = (() => {
    try {
      return execFileSync("sh", ["-c", "command -v redis-server"]).toString().trim();
    } catch {
      return undefined;
    }
  })();
  it.skipIf(!redisServer)(
    "refuses to start against a Redis that may evict keys, naming maxmemory-policy",
    async () => {
      const port = await freePort();
      const evicting = spawn(
        redisServer as string,
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      try {
        const url = `redis://:hunter2secret@127.0.0.1:${port}`;
        const probe = redisClient(`redis://127.0.0.1:${port}`);
        // Refused until the server listens: retried, not reported.
        probe.on("error", () => {});
        await waitFor(async () => (await probe.ping().catch(() => "")) === "PONG", 10_000);
        await probe.config("SET", "requirepass", "hunter2secret");
        probe.disconnect();
        const configure = redisClient(url);
        await configure.config("SET", "maxmemory-policy", "allkeys-lru");
        configure.disconnect();
        const worker = startWorker(
          { name: `crosswalk-worker-${randomUUID()}` },
          { REDIS_URL: url },
        );
        expect(await worker.exit()).toBe(1);
        expect(worker.output).toContain("maxmemory-policy is allkeys-lru");
        expect(worker.output).toContain("noeviction");
        expect(worker.output).not.toContain("hunter2secret");
      } finally {
        evicting.kill("SIGKILL");
      }
    },
  );
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

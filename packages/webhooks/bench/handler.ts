// Throughput and latency of the sync handler in process (signature check + transaction), per database.
// Prints figures only. Postgres is measured when TEST_DATABASE_URL points at a server.
import { testDatabaseTargets } from "@crosswalk/db/testing";
import { createWebhookHandler } from "../src/index.ts";
import {
  events,
  newSigningSecret,
  type SignedDelivery,
  signEvent,
  type UserState,
} from "../src/testing/index.ts";

const eventCount = Number(process.env.BENCH_EVENTS ?? 3_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

function deliveries(secret: string, run: string): SignedDelivery[] {
  return Array.from({ length: eventCount }, (_, index) => {
    const user: UserState = {
      id: `user_bench_${run}_${index % 500}`,
      email: `bench${index}@example.com`,
      firstName: "Bench",
      lastName: String(index),
      username: null,
      imageUrl: null,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000 + index,
    };
    return signEvent(secret, index < 500 ? events.userCreated(user) : events.userUpdated(user));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const rows: string[][] = [];
const runs = testDatabaseTargets(process.env.TEST_DATABASE_URL).flatMap((target) =>
  // PGlite runs one transaction at a time, so only the server is measured with concurrent deliveries.
  (target.kind === "pglite" ? [1] : [1, concurrency]).map((workers) => ({ target, workers })),
);
for (const { target, workers } of runs) {
  const database = await target.open();
  const secret = newSigningSecret();
  const handler = createWebhookHandler({ db: database.db, signingSecret: secret });
  const queue = deliveries(secret, `${target.kind}${workers}`);
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        const begin = performance.now();
        const response = await handler({ body: delivery.body, headers: { ...delivery.headers } });
        latencies.push(performance.now() - begin);
        if (response.status !== 200) throw new Error(`unexpected status ${response.status}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  latencies.sort((a, b) => a - b);
  rows.push([
    target.kind,
    String(workers),
    String(eventCount),
    (eventCount / seconds).toFixed(0),
    percentile(latencies, 50).toFixed(2),
    percentile(latencies, 99).toFixed(2),
  ]);
}

const header = ["database", "concurrency", "events", "events/s", "p50 ms", "p99 ms"];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
);
const line = (cells: string[]) =>
  `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
console.log(`Clerk webhook handler in process, Node ${process.version}`);
console.log(line(header));
console.log(line(widths.map((width) => "-".repeat(width))));
for (const row of rows) console.log(line(row));
if (!process.env.TEST_DATABASE_URL)
  console.log("(set TEST_DATABASE_URL=postgres://… to measure the Postgres server too)");

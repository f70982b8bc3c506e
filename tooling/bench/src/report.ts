import { type StartupRun, startupTable } from "@crosswalk/dev/startup";
import type { Measurement } from "./measure.ts";
import { type MemberListFigures, memberListSize, type RequestCosts } from "./members.ts";
import { clusterShape, type QueueClusterFigures } from "./queue-cluster.ts";
import type { AppFigures, BenchOptions } from "./run.ts";

export interface Report {
  /** `pnpm dev`'s time to first page, cold and warm. */
  devStartup?: { cold: StartupRun; warm: StartupRun };
  date: string;
  machine: string;
  tools: string;
  database: string;
  options: BenchOptions;
  inProcess: Measurement;
  apps: (AppFigures & { versions: string })[];
  members?: MemberFigures;
  /** Measured when TEST_DATABASE_URL and TEST_REDIS_URL name a Postgres server and Redis. */
  queueCluster?: QueueClusterFigures;
  /**
   * The reconcile section as the file holds it: `pnpm --filter @crosswalk/reconcile bench` measures it
   * (a million users take minutes), so a full run keeps it rather than drop it.
   */
  reconcile?: string | undefined;
}

export const reconcileHeading = "## Reconcile";

export interface MemberFigures {
  /** Timed reads per row, after a warm-up of a tenth of that. */
  requests: number;
  lists: MemberListFigures[];
  beside: RequestCosts;
}

const rate = (m: Measurement) => m.perSecond.toFixed(0);
const ms = (value: number) => value.toFixed(2);

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join(
    "\n",
  );
}

export function syncTable(report: Pick<Report, "inProcess" | "apps">): string {
  return table(
    ["sync route", "events/s", "p50 ms", "p99 ms"],
    [
      [
        "shared handler, in process",
        rate(report.inProcess),
        ms(report.inProcess.p50Ms),
        ms(report.inProcess.p99Ms),
      ],
      ...report.apps.map((app) => [
        `${app.framework}, over HTTP`,
        rate(app.sync),
        ms(app.sync.p50Ms),
        ms(app.sync.p99Ms),
      ]),
    ],
  );
}

export function readTable(apps: AppFigures[]): string {
  return table(
    [
      "app",
      "/api/health req/s",
      "p50 ms",
      "p99 ms",
      "/api/claims req/s",
      "p50 ms",
      "p99 ms",
      "claims ÷ health",
    ],
    apps.map((app) => [
      app.framework,
      rate(app.health),
      ms(app.health.p50Ms),
      ms(app.health.p99Ms),
      rate(app.claims),
      ms(app.claims.p50Ms),
      ms(app.claims.p99Ms),
      (app.claims.perSecond / app.health.perSecond).toFixed(2),
    ]),
  );
}

export function markdown(report: Report): string {
  const { options } = report;
  return `# Benchmarks

Written by \`pnpm bench\` on ${report.date}; rerun the command to refresh it rather than editing it.

- Machine: ${report.machine}
- Tools: ${report.tools}
- Database: ${report.database}
- Load: ${options.events.toLocaleString("en")} signed deliveries to each sync route and ${options.requests.toLocaleString("en")} requests to each read
  endpoint, ${options.concurrency} in flight, after a warm-up of a tenth of that. The load comes from one Node process
  on the same machine as the app, so it competes with the app for the CPU: compare the rows with each other,
  not with a deployment.

Each app is the production build started by its own \`start\` script (\`start:bun\` for a row on Bun), as the
conformance suite starts it, against the local Clerk emulator and a fresh database of its own; \`CLERK_JWT_KEY\` is
set, so session tokens are verified without a network call.

## Sync route: \`POST /api/webhooks/clerk\`

Every delivery is a distinct event (half \`user.created\`, then a newer \`user.updated\` for each user): its Svix
signature is verified and it is applied in one transaction with its \`webhook_events\` row. The run stops if any
delivery is answered with anything but \`200 processed\`. The first row calls the shared handler that every app
wraps, with no HTTP and no framework: the difference to it is what the framework and HTTP cost.

${syncTable(report)}

## A signed-in read against a public one

\`GET /api/health\` is public; \`GET /api/claims\` carries a Bearer session token that the framework's Clerk
middleware verifies (RS256, networkless) before the route reads its claims. The last column is the share of
the public endpoint's rate that the signed-in one keeps. Where Clerk's middleware runs differs by design:
Express mounts \`clerkMiddleware()\` after \`/api/health\`, Fastify registers \`clerkPlugin\` only in the scope
of the session routes, Remix calls \`getAuth\` only in the routes that need it, and React Router's, Hono's and
Astro's \`clerkMiddleware()\` skip the sync route and \`/api/health\`, while Next.js's \`proxy.ts\` (Clerk's
recommended matcher) and TanStack Start's global \`clerkMiddleware()\` also run for the public endpoint.

${readTable(report.apps)}

${memberListSection(report.members)}

${devStartupSection(report.devStartup)}

${queueClusterSection(report.queueCluster)}
${report.reconcile ? `\n${report.reconcile}\n` : ""}
## Versions

${table(
  ["app", "libraries"],
  report.apps.map((app) => [app.framework, app.versions]),
)}
`;
}

export const devStartupHeading = "## `pnpm dev`: time to first page";

/** The section on `pnpm dev`'s start, which `node tooling/bench/src/cli.ts --only dev-startup` rewrites alone. */
export function devStartupSection(runs: Report["devStartup"]): string {
  return `${devStartupHeading}

From \`pnpm dev\` to every app answering \`/api/health\`, then from that moment to each page app's \`<SignIn/>\`
form, all of them opened at once in Chromium as a newcomer's first clicks (so they compete for the CPU). Cold is a
fresh clone's caches (no \`node_modules/.vite\`, \`.next/dev\`, \`.astro\` or Nuxt's \`node_modules/.cache/vite\`); warm is the next start. The development-mode
walk (\`tooling/dev\`'s test) measures the same way and prints its figures.

${runs ? startupTable(runs) : "Not measured in this run."}`;
}

export const memberListHeading = "## The member list, and what the synced copy saves a request";

/** The section on reading other users, which `node tooling/bench/src/cli.ts --only members` rewrites alone. */
export function memberListSection(figures: MemberFigures | undefined): string {
  if (!figures) return `${memberListHeading}\n\nNot measured in this run.`;
  const row = (label: string, m: Measurement) => [label, ms(m.p50Ms), ms(m.p99Ms), rate(m)];
  const header = ["read", "p50 ms", "p99 ms", "reads/s"];
  return `${memberListHeading}

\`listMembers\` (what \`GET /api/org/members\` reads) in one process, ${figures.requests.toLocaleString("en")} reads one at a time per
row, on an organization of ${memberListSize.toLocaleString("en")} synced members: a page of 50 from the start of the list and one 90 % of the
way down, each read as 51 rows to know whether a next page exists. The index on
\`(organization_id, member_order, user_id)\` serves both from the same few pages; the services test in
\`packages/db\` asserts the plan uses it.

${table(
  header,
  figures.lists.flatMap((list) => [
    row(`first page, ${list.database}`, list.first),
    row(`page 90 % deep, ${list.database}`, list.deep),
  ]),
)}

What one request pays for each way of knowing about users (docs/when-to-sync.md): the claims of a session token
verified with \`CLERK_JWT_KEY\` and parsed, a page of 50 members from the synced copy, and the same 50 users from
the Backend API's \`getUserList\` (which \`@clerk/backend\` sends as two requests, the list and its count). The Backend API here is the local emulator on loopback: real Clerk adds a
network round trip to every call and counts it against the instance's rate limit.

${table(header, [
  row("claims from the session token", figures.beside.token),
  ...figures.lists.map((list) => row(`synced copy, 50 members, ${list.database}`, list.first)),
  row("Backend API getUserList, 50 users (emulator)", figures.beside.backendApi),
])}`;
}

export const queueClusterHeading =
  "## Queue mode: four app processes and two workers on one database";

/** The section on queue mode at scale, which `node tooling/bench/src/cli.ts --only queue-cluster` rewrites alone. */
export function queueClusterSection(figures: QueueClusterFigures | undefined): string {
  if (!figures)
    return `${queueClusterHeading}\n\nNot measured in this run (it needs TEST_DATABASE_URL and TEST_REDIS_URL).`;
  const { apps, workers, concurrency, window, redeliveryShare } = clusterShape;
  const count = (n: number) => n.toLocaleString("en");
  return `${queueClusterHeading}

The Express app's production start in queue mode (\`REDIS_URL\` and \`SYNC_QUEUE_NAME\` set), ${apps} processes and
${workers} \`pnpm worker\` processes on one Postgres database and one Redis. The load is a random Clerk history of
${count(figures.users)} users, ${count(figures.organizations)} organizations and ${count(figures.memberships)} memberships: creates, several updates each with a newer
\`updated_at\`, leaves, and deletes of users and organizations (after the membership deletions Clerk sends
first). Its ${count(figures.events)} events are sent in Clerk's order shuffled within a window of ${window} places, so a later version
sometimes arrives first, with about ${redeliveryShare * 100} % of them (${count(figures.redeliveries)}) delivered again as signed, same svix-id,
round robin across the apps, ${concurrency} in flight. Each delivery must be answered 202 queued. The time runs from
the first delivery until \`webhook_events\` holds every event and the queue holds no waiting, active or
delayed job; then each of the ${count(figures.rows)} rows of \`users\`, \`organizations\` and \`organization_memberships\` is
compared with the model's final state (the synced fields, tombstones by \`deleted_at\`). ${count(figures.staleEvents)} events found a
newer version of their row already applied (recorded \`stale\`). The load, the apps, the workers, Postgres and
Redis share the machine.

${table(
  [
    "apps",
    "workers",
    "deliveries (events + redeliveries)",
    "wall s",
    "events/s",
    "answer p50 ms",
    "p99 ms",
    "errors",
    "divergent rows",
  ],
  [
    [
      String(apps),
      String(workers),
      `${count(figures.events + figures.redeliveries)} (${count(figures.events)} + ${count(figures.redeliveries)})`,
      figures.seconds.toFixed(1),
      figures.eventsPerSecond.toFixed(0),
      ms(figures.answers.p50Ms),
      ms(figures.answers.p99Ms),
      String(figures.errors),
      String(figures.divergentRows),
    ],
  ],
)}`;
}

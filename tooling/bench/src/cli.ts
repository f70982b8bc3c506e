// `pnpm bench`: measures every built app, the member list and `pnpm dev`'s start (see docs/benchmarks.md for
// what and how) and rewrites that file; `node tooling/bench/src/cli.ts --only dev-startup` (or `--only members`)
// measures that part alone (no build needed) and rewrites its section. Set TEST_DATABASE_URL to run on a Postgres server instead of embedded
// PGlite; BENCH_EVENTS, BENCH_REQUESTS and BENCH_CONCURRENCY change the load. Queue mode at scale
// (`--only queue-cluster`, and part of the whole run when both are set) needs TEST_DATABASE_URL and
// TEST_REDIS_URL.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { launchChromium } from "@crosswalk/conformance/browser";
import { readAppConfigs } from "@crosswalk/conformance/harness";
import { measureStartup } from "@crosswalk/dev/startup";
import { appVersions, databaseVersion, machine, toolVersions } from "./environment.ts";
import { benchBesideTheCopy, benchMemberList } from "./members.ts";
import { benchQueueCluster, type QueueClusterFigures } from "./queue-cluster.ts";
import {
  devStartupHeading,
  devStartupSection,
  type MemberFigures,
  markdown,
  memberListHeading,
  memberListSection,
  queueClusterHeading,
  queueClusterSection,
  type Report,
  readTable,
  reconcileHeading,
  syncTable,
} from "./report.ts";
import { type BenchOptions, benchApp, benchInProcess } from "./run.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const count = (name: string, fallback: number, least: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < least) {
    console.error(`${name} must be a whole number of at least ${least}`);
    process.exit(1);
  }
  return value;
};
const options: BenchOptions = {
  serverUrl: process.env.TEST_DATABASE_URL,
  events: count("BENCH_EVENTS", 2_000, 10),
  requests: count("BENCH_REQUESTS", 5_000, 10),
  concurrency: count("BENCH_CONCURRENCY", 8, 1),
};

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { only: { type: "string" } },
});
const parts = ["dev-startup", "members", "queue-cluster"];
if (values.only !== undefined && !parts.includes(values.only)) {
  console.error(`--only takes ${parts.join(" or ")}, not ${values.only}`);
  process.exit(1);
}
const path = join(root, "docs", "benchmarks.md");

async function devStartup() {
  console.log("[bench] pnpm dev, cold then warm");
  const browser = await launchChromium();
  try {
    return await measureStartup(browser);
  } finally {
    await browser.close();
  }
}

/** The member list on PGlite, and on Postgres too when TEST_DATABASE_URL names a server. */
async function members(): Promise<MemberFigures> {
  const lists = [];
  for (const serverUrl of [undefined, options.serverUrl].filter((url, i) => i === 0 || url)) {
    console.log(`[bench] the member list on ${serverUrl ? "Postgres" : "PGlite"}`);
    lists.push(await benchMemberList(serverUrl, options.requests));
  }
  console.log("[bench] claims from the token and the Backend API, beside the copy");
  return { requests: options.requests, lists, beside: await benchBesideTheCopy(options.requests) };
}

const redisUrl = process.env.TEST_REDIS_URL;

/** Four app processes and two workers in queue mode; undefined without a Postgres server and Redis. */
async function queueCluster(): Promise<QueueClusterFigures | undefined> {
  if (!options.serverUrl || !redisUrl) return undefined;
  // About a minute on two cores: several times the sync route's load, as the run is one timed whole.
  const events = count("BENCH_EVENTS", 12_000, 10);
  console.log("[bench] queue mode, four app processes and two workers");
  const figures = await benchQueueCluster(options.serverUrl, redisUrl, events);
  if (figures.errors > 0 || figures.divergentRows > 0) {
    console.error(`\n${queueClusterSection(figures)}\n`);
    console.error(
      `[bench] queue mode answered ${figures.errors} deliveries wrongly and left ${figures.divergentRows} rows unlike Clerk's`,
    );
    process.exit(1);
  }
  return figures;
}

/** The section of docs/benchmarks.md that starts with this heading, up to the next; undefined when none. */
function currentSection(heading: string): string | undefined {
  const current = readFileSync(path, "utf8");
  const start = current.indexOf(`\n${heading}`);
  if (start < 0) return undefined;
  const end = current.indexOf("\n## ", start + 1);
  return current.slice(start + 1, end < 0 ? undefined : end).trimEnd();
}

/** Rewrites one section of docs/benchmarks.md, from its heading to the next. */
function rewriteSection(heading: string, section: string) {
  const current = readFileSync(path, "utf8");
  const start = current.indexOf(heading);
  const end = current.indexOf("\n## ", start + 1);
  const next =
    start >= 0
      ? `${current.slice(0, start)}${section}${end < 0 ? "" : current.slice(end)}`
      : current.replace("\n## Versions", `\n${section}\n\n## Versions`);
  writeFileSync(path, next);
  console.log(`\n${section}\n\n[bench] rewrote its section of ${path}`);
}

if (values.only === "dev-startup") {
  rewriteSection(devStartupHeading, devStartupSection(await devStartup()));
  process.exit(0);
}
if (values.only === "members") {
  rewriteSection(memberListHeading, memberListSection(await members()));
  process.exit(0);
}
if (values.only === "queue-cluster") {
  const figures = await queueCluster();
  if (!figures) {
    console.error("--only queue-cluster needs TEST_DATABASE_URL and TEST_REDIS_URL");
    process.exit(1);
  }
  rewriteSection(queueClusterHeading, queueClusterSection(figures));
  process.exit(0);
}

const apps = readdirSync(join(root, "apps")).flatMap((dir) =>
  readAppConfigs(join(root, "apps", dir)),
);
const database = await databaseVersion(root, options.serverUrl);
console.log(`[bench] ${database}`);
console.log("[bench] shared handler in process");
const inProcess = await benchInProcess(options);
const figures: Report["apps"] = [];
for (const app of apps) {
  console.log(`[bench] ${app.framework} on ${app.runtime}`);
  figures.push({ ...(await benchApp(app, options)), versions: appVersions(root, app) });
}

const memberFigures = await members();
const report: Report = {
  devStartup: await devStartup(),
  members: memberFigures,
  queueCluster: await queueCluster(),
  reconcile: currentSection(reconcileHeading),
  date: new Date().toISOString().slice(0, 10),
  machine: machine(),
  tools: toolVersions(root),
  database,
  options,
  inProcess,
  apps: figures,
};
console.log(
  `\n${syncTable(report)}\n\n${readTable(figures)}\n\n${memberListSection(memberFigures)}\n`,
);
writeFileSync(path, markdown(report));
console.log(`[bench] wrote ${path}`);

// `pnpm bench`: measures every built app (see docs/benchmarks.md for what and how) and rewrites that file.
// Set TEST_DATABASE_URL to run on a Postgres server instead of embedded PGlite; BENCH_EVENTS,
// BENCH_REQUESTS and BENCH_CONCURRENCY change the load.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAppConfig } from "@crosswalk/conformance/harness";
import { appVersions, databaseVersion, machine, toolVersions } from "./environment.ts";
import { markdown, type Report, readTable, syncTable } from "./report.ts";
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

const apps = readdirSync(join(root, "apps")).map((dir) => readAppConfig(join(root, "apps", dir)));
const database = await databaseVersion(root, options.serverUrl);
console.log(`[bench] ${database}`);
console.log("[bench] shared handler in process");
const inProcess = await benchInProcess(options);
const figures: Report["apps"] = [];
for (const app of apps) {
  console.log(`[bench] ${app.framework}`);
  figures.push({ ...(await benchApp(app, options)), versions: appVersions(root, app) });
}

const report: Report = {
  date: new Date().toISOString().slice(0, 10),
  machine: machine(),
  tools: toolVersions(root),
  database,
  options,
  inProcess,
  apps: figures,
};
console.log(`\n${syncTable(report)}\n\n${readTable(figures)}\n`);
const path = join(root, "docs", "benchmarks.md");
writeFileSync(path, markdown(report));
console.log(`[bench] wrote ${path}`);

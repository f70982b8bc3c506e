// `pnpm dev` started and stopped from a test or a benchmark, as a newcomer runs it: from the repository root,
// after a fresh clone (no dev caches), with the apps' ports as the README gives them.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { type App, apps, pageSdkOfApp, root } from "./apps.ts";

export const emulatorPort = 4010;

/** What a first `pnpm dev` builds and a fresh clone does not have: Vite's optimized dependencies, Next's dev build. */
export function clearDevCaches(): void {
  for (const app of apps) {
    rmSync(join(root, "apps", app.dir, "node_modules", ".vite"), { recursive: true, force: true });
    // Nuxt keeps Vite's optimized dependencies here instead.
    rmSync(join(root, "apps", app.dir, "node_modules", ".cache", "vite"), {
      recursive: true,
      force: true,
    });
    rmSync(join(root, "apps", app.dir, ".next", "dev"), { recursive: true, force: true });
    rmSync(join(root, "apps", app.dir, ".astro"), { recursive: true, force: true });
  }
}

/**
 * What a developer's shell gives `pnpm dev`: none of the test runner's variables (Astro's dev server serves no
 * route when it sees VITEST, as in Astro's own tests; with TEST set, Nuxt's logger drops what its server
 * prints), no NODE_ENV, no service URLs meant for the tests.
 */
export function developerEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => name !== "NODE_ENV" && !/^(VITEST|TEST$|TEST_|npm_)/.test(name),
    ),
  );
}

async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Every process descending from `pid`, read from /proc (each app runs in a process group of its own). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Exited while we looked.
    }
  }
  const found: number[] = [];
  const visit = (id: number) => {
    for (const child of children.get(id) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * SIGTERM to the process group of `pid`, as Ctrl-C would; whatever of it and its descendants (which may run in
 * groups of their own) is left after 40 s is killed (`pnpm dev` gives its apps 30 s: Next.js writes its
 * development cache on the way out). Resolves once all are gone.
 */
export async function stopProcessTree(pid: number): Promise<void> {
  const family = [pid, ...descendants(pid)];
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // Gone already.
  }
  const deadline = Date.now() + 40_000;
  while (family.some(alive) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  for (const leftover of family.filter(alive)) process.kill(leftover, "SIGKILL");
}

export interface RunningDev {
  /** Everything `pnpm dev` and its apps printed so far. */
  output(): string;
  /** From the start of `pnpm dev` until every app answered /api/health. */
  healthyMs: number;
  /** SIGTERM as Ctrl-C would; whatever is left after 40 s is killed. Resolves once all is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `pnpm dev` at the repository root and waits until every app answers. The variables a test runner
 * sets (NODE_ENV=test, its own markers, the suite's database URLs) stay behind, as in a user's shell.
 */
export async function startDev(timeoutMs = 240_000): Promise<RunningDev> {
  const taken = [];
  for (const port of [...apps.map((app) => app.port), emulatorPort])
    if (!(await portIsFree(port))) taken.push(port);
  if (taken.length > 0)
    throw new Error(
      `ports ${taken.join(", ")} are in use: stop the \`pnpm dev\` already running before this test`,
    );
  const env = developerEnvironment();
  const started = Date.now();
  const chunks: string[] = [];
  const child: ChildProcess = spawn("pnpm", ["dev"], {
    cwd: root,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => chunks.push(String(chunk)));
  child.stderr?.on("data", (chunk) => chunks.push(String(chunk)));
  const output = () => chunks.join("");
  const pid = child.pid;
  if (pid === undefined) throw new Error("pnpm dev could not be started");

  const stop = () => stopProcessTree(pid);

  while (!(await Promise.all(apps.map(answersHealth))).every(Boolean)) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(
        `pnpm dev did not bring every app up within ${timeoutMs / 1000} s:\n${output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const healthyMs = Date.now() - started;
  // The seed's webhooks go out once every app answers; its banner follows them.
  while (!output().includes("clerk-crosswalk is running"))
    await new Promise((resolve) => setTimeout(resolve, 100));
  return { output, healthyMs, stop };
}

/** The apps whose pages run Clerk's components (all but the API-only one). */
export const pageApps: App[] = apps.filter((app) => pageSdkOfApp(app) !== undefined);

async function answersHealth(app: App) {
  try {
    return (await fetch(`http://localhost:${app.port}/api/health`)).ok;
  } catch {
    return false;
  }
}

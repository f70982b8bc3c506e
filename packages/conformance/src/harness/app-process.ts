import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { testsMayUseTheEmulator } from "@crosswalk/server-env";
import {
  forgetGroup,
  groupResidentBytes,
  memberPrograms,
  noteGroup,
  signalGroup,
  waitUntilGone,
} from "./process-group.ts";

export interface StopResult {
  /** Every process of the group exited within the grace period after SIGTERM (none was SIGKILLed). */
  graceful: boolean;
  /** From SIGTERM until the last process of the group was gone. */
  ms: number;
}

export interface RunningProcess {
  /** Everything the process printed, for the check that no secret or token reaches its logs. */
  output(): string;
  /** Resolves once the process has printed `text`: its output arrives through a pipe, after its responses. */
  waitForOutput(text: string, timeoutMs?: number): Promise<string>;
  /** SIGTERM to the whole group, SIGKILL to what is left after the grace period; resolves once all are gone. */
  stop(): Promise<StopResult>;
}

/** How long a stopped process may take to exit before it is killed; apps must exit within 5 s. */
const stopGraceMs = 5_000;

export interface RunningApp extends RunningProcess {
  url: string;
  port: number;
  /** Resident memory of every process in the app's group, in bytes. */
  residentBytes(): number;
  /** The programs the group runs under `pnpm run` (the shell, the runtime…), by file name. */
  programs(): string[];
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

const exitedEarly = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Spawns a process in a group of its own, so stopping it also stops what `pnpm run` started under it. */
function startProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv },
): RunningProcess & { child: ChildProcess; residentBytes(): number; programs(): string[] } {
  const chunks: string[] = [];
  const output = () => chunks.join("");
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => chunks.push(String(chunk)));
  child.stderr?.on("data", (chunk) => chunks.push(String(chunk)));
  const groupId = child.pid;
  if (groupId === undefined) throw new Error(`${command} could not be started`);
  noteGroup(groupId);
  // 'close' comes after the last byte of output, which can trail the processes' exit.
  const outputEnded = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let stopping: Promise<StopResult> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const started = Date.now();
      signalGroup(groupId, "SIGTERM");
      const graceful = await waitUntilGone(groupId, stopGraceMs);
      if (!graceful) {
        signalGroup(groupId, "SIGKILL");
        await waitUntilGone(groupId, stopGraceMs);
      }
      const ms = Date.now() - started;
      forgetGroup(groupId);
      await Promise.race([outputEnded, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      return { graceful, ms };
    })();
    return stopping;
  };
  const waitForOutput = async (text: string, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output().includes(text) && Date.now() < deadline && !exitedEarly(child))
      await new Promise((r) => setTimeout(r, 50));
    return output();
  };
  const residentBytes = () => groupResidentBytes(groupId);
  const programs = () => memberPrograms(groupId);
  return { child, output, waitForOutput, stop, residentBytes, programs };
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
  ready: (status: number) => boolean,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitedEarly(child)) {
      throw new Error(`the app exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      // One request that hangs would otherwise wait out the test's hook instead of this deadline, which
      // reports the app's output.
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (ready(response.status)) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not answer /api/health within ${timeoutMs / 1000} s:\n${output()}`);
}

export interface StartOptions {
  timeoutMs?: number;
  /** The port to start on; absent, a free one. */
  port?: number;
  /** Which /api/health status means started; absent, 200 (which needs the database). */
  ready?: (status: number) => boolean;
}

/** Starts the app as a user would, with its own start script for the runtime, and waits for /api/health. */
export async function startApp(
  { dir, startScript }: { dir: string; startScript: string },
  env: Record<string, string>,
  {
    timeoutMs = 90_000,
    port: requestedPort,
    ready = (status) => status === 200,
  }: StartOptions = {},
): Promise<RunningApp> {
  const port = requestedPort ?? (await freePort());
  // Without NODE_ENV, as in a user's shell: each start script picks production itself (vitest's
  // NODE_ENV=test stays behind, and setting production here once hid a server that set it too late).
  const { NODE_ENV: _vitest, ...inherited } = process.env;
  const url = `http://localhost:${port}`;
  const app = startProcess("pnpm", ["run", "--silent", startScript], {
    cwd: dir,
    // Production needs its origins; a check that leaves the variable out says so with an empty value.
    env: {
      CLERK_AUTHORIZED_PARTIES: url,
      // Every production start here runs against the emulator, which a deployment must refuse.
      [testsMayUseTheEmulator]: "1",
      ...inherited,
      ...env,
      PORT: String(port),
    },
  });
  try {
    await waitForHealth(url, app.child, app.output, timeoutMs, ready);
  } catch (error) {
    await app.stop();
    throw error;
  }
  return {
    url,
    port,
    output: app.output,
    waitForOutput: app.waitForOutput,
    stop: app.stop,
    residentBytes: app.residentBytes,
    programs: app.programs,
  };
}

export const workerReady = "[worker] applying queued Clerk webhook events";

/** Starts `pnpm worker`'s program and waits until it takes jobs (unless told not to wait). */
export async function startWorker(
  env: Record<string, string>,
  { waitUntilReady = true }: { waitUntilReady?: boolean } = {},
): Promise<RunningProcess> {
  const cli = new URL("./cli.ts", import.meta.resolve("@crosswalk/sync-queue"));
  const worker = startProcess(process.execPath, [cli.pathname], {
    env: { ...process.env, ...env },
  });
  if (!waitUntilReady) return worker;
  const ready = workerReady;
  if (!(await worker.waitForOutput(ready, 30_000)).includes(ready)) {
    await worker.stop();
    throw new Error(`the worker did not start:\n${worker.output()}`);
  }
  return worker;
}

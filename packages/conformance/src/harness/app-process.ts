import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface RunningApp {
  url: string;
  port: number;
  /** Everything the app printed, for the check that no secret or token reaches its logs. */
  output(): string;
  /** Resolves once the app has printed `text`: its output arrives through a pipe, after its responses. */
  waitForOutput(text: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== "object" || address === null) throw new Error("no free port");
  return address.port;
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the app exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not answer /api/health within ${timeoutMs / 1000} s:\n${output()}`);
}

/** Starts the app as a user would, with its own `start` script, and waits for /api/health. */
export async function startApp(
  dir: string,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<RunningApp> {
  const port = await freePort();
  const chunks: string[] = [];
  const output = () => chunks.join("");
  const child = spawn("pnpm", ["run", "--silent", "start"], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", ...env, PORT: String(port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => chunks.push(String(chunk)));
  child.stderr?.on("data", (chunk) => chunks.push(String(chunk)));
  const url = `http://localhost:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The whole process group is gone already.
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup("SIGTERM");
    const timer = setTimeout(() => signalGroup("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child, output, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  const waitForOutput = async (text: string, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!output().includes(text) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    return output();
  };
  return { url, port, output, waitForOutput, stop };
}

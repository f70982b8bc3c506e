import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";

const entry = new URL("../src/index.ts", import.meta.url).href;
const running: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
});

/** Runs a script that registers resources and installs the handler, signals it, and reports how it ended. */
async function signalAfterStart(script: string, signal: NodeJS.Signals = "SIGTERM") {
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import * as s from ${JSON.stringify(entry)};\n${script}\nsetInterval(() => {}, 1000);\nconsole.log("ready");`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.push(child);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  while (!output.includes("ready")) {
    if (child.exitCode !== null) throw new Error(`exited before it was ready:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const started = Date.now();
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, output, ms: Date.now() - started };
}

describe("exitOnShutdownSignal", () => {
  it("closes every registered resource, newest first, then exits 0", async () => {
    const { code, output } = await signalAfterStart(`
      s.closeOnShutdown({ close: async () => { await new Promise(r => setTimeout(r, 50)); console.log("closed database"); } });
      s.closeOnShutdown({ close: () => console.log("closed redis") });
      s.exitOnShutdownSignal({ name: "app" });
    `);
    expect(code).toBe(0);
    expect(output).toContain("[app] SIGTERM: closing connections");
    expect(output.indexOf("closed redis")).toBeLessThan(output.indexOf("closed database"));
    expect(output).toContain("closed database");
  });

  it("closes a resource registered twice once, as when a dev server reloads the module that registers it", async () => {
    const { code, output } = await signalAfterStart(`
      const database = { close: () => console.log("closed database") };
      for (let reload = 0; reload < 10; reload++) s.closeOnShutdown(database);
      const forgotten = s.closeOnShutdown({ close: () => console.log("closed forgotten") });
      s.forgetOnShutdown(forgotten);
      s.exitOnShutdownSignal({ name: "app" });
    `);
    expect(code).toBe(0);
    expect(output.match(/closed database/g)).toHaveLength(1);
    expect(output).not.toContain("closed forgotten");
  });

  it("closes HTTP servers before everything else, whenever they were registered", async () => {
    const { code, output } = await signalAfterStart(`
      s.closeServerOnShutdown({ close: () => console.log("closed server") });
      s.closeOnShutdown({ close: () => console.log("closed database") });
      s.closeOnShutdown({ close: () => console.log("closed redis") });
      s.exitOnShutdownSignal({ name: "app" });
    `);
    expect(code).toBe(0);
    const order = ["closed server", "closed redis", "closed database"].map((line) =>
      output.indexOf(line),
    );
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("handles SIGINT the same way", async () => {
    const { code, output } = await signalAfterStart(
      `s.closeOnShutdown({ close: () => console.log("closed") });
       s.exitOnShutdownSignal({ name: "app" });`,
      "SIGINT",
    );
    expect(code).toBe(0);
    expect(output).toContain("closed");
  });

  it("exits 1 at the deadline when a resource never closes", async () => {
    const { code, output, ms } = await signalAfterStart(`
      s.closeOnShutdown({ close: () => new Promise(() => {}) });
      s.exitOnShutdownSignal({ name: "app", deadlineMs: 300 });
    `);
    expect(code).toBe(1);
    expect(output).toContain("did not close within 300 ms");
    expect(ms).toBeLessThan(5_000);
  });

  it("exits 1 when closing fails, reporting each failure by name but not its message, and still closes the rest", async () => {
    const { code, output } = await signalAfterStart(`
      s.closeServerOnShutdown({ close: () => Promise.reject(Object.assign(new Error("x"), { code: "ERR_SERVER_NOT_RUNNING" })) });
      s.closeOnShutdown({ close: () => console.log("closed database") });
      s.closeOnShutdown({ close: () => Promise.reject(new Error("password=hunter2")) });
      s.closeOnShutdown({ close: () => Promise.reject(new TypeError("password=hunter2")) });
      s.exitOnShutdownSignal({ name: "app" });
    `);
    expect(code).toBe(1);
    expect(output).not.toContain("hunter2");
    expect(output).toContain("[app] closing a server failed: Error ERR_SERVER_NOT_RUNNING");
    expect(output).toContain("[app] closing a connection failed: TypeError");
    expect(output).toContain("[app] closing a connection failed: Error\n");
    expect(output).toContain("closed database");
    expect(output).not.toContain("did not close within");
  });

  it("closes a Node HTTP server given as it is, letting a request in flight finish", async () => {
    const { code, output } = await signalAfterStart(`
      const { createServer } = await import("node:http");
      const server = createServer((_req, res) => setTimeout(() => res.end("late"), 300));
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      s.closeServerOnShutdown(server);
      s.closeOnShutdown({ close: () => console.log("closed database") });
      s.exitOnShutdownSignal({ name: "app" });
      fetch("http://127.0.0.1:" + server.address().port).then((r) => r.text()).then((t) => console.log("answered " + t));
      await new Promise((resolve) => setTimeout(resolve, 100));
    `);
    expect(code).toBe(0);
    expect(output.indexOf("answered late")).toBeGreaterThan(0);
    expect(output.indexOf("answered late")).toBeLessThan(output.indexOf("closed database"));
  });

  it("shares one registry between copies of the module, as Next.js's separate server bundles load it", async () => {
    const { code, output } = await signalAfterStart(`
      const copy = await import(${JSON.stringify(`${entry}?copy`)});
      copy.closeOnShutdown({ close: () => console.log("closed by the other copy") });
      s.exitOnShutdownSignal({ name: "app" });
      copy.exitOnShutdownSignal({ name: "app" });
    `);
    expect(code).toBe(0);
    expect(output).toContain("closed by the other copy");
    expect(output.match(/closing connections/g)).toHaveLength(1);
  });
});

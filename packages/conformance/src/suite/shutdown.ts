import { expect } from "vitest";
import type { RunningApp } from "../harness/app-process.ts";

/**
 * What an orchestrator expects of `docker stop` or a rolling deploy: SIGTERM to the app's process group, and
 * every process gone within 5 s, having closed its database pool (and Redis connection) on the way out.
 */
export async function expectGracefulExit(app: RunningApp) {
  const { graceful, ms } = await app.stop();
  expect(graceful, `still running 5 s after SIGTERM:\n${app.output()}`).toBe(true);
  expect(ms).toBeLessThan(5_000);
  // A console line (`[express] SIGTERM: …`) or the app's own logger's (Fastify's pino writes JSON).
  expect(app.output()).toContain("SIGTERM: closing connections");
  expect(app.output()).not.toContain("did not close");
}

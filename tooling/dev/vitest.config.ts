import { defineConfig } from "vitest/config";

export default defineConfig({
  // One file at a time: each starts dev servers, and two at once would starve each other on two cores.
  test: { fileParallelism: false, env: { CLERK_TELEMETRY_DISABLED: "1" } },
});

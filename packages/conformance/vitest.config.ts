import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/conformance.test.ts"],
    globalSetup: ["src/harness/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    env: { CLERK_TELEMETRY_DISABLED: "1" },
  },
});

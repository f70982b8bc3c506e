import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/conformance.test.ts"],
    globalSetup: ["src/harness/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // @clerk/astro and @clerk/nuxt read the same switch under their frameworks' public names.
    env: {
      CLERK_TELEMETRY_DISABLED: "1",
      PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
      NUXT_PUBLIC_CLERK_TELEMETRY_DISABLED: "1",
    },
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { env: { CLERK_TELEMETRY_DISABLED: "1" } },
});

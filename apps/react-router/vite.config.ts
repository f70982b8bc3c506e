import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

// PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import on the
// server, as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
const serverRuntimeImports = ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"];

export default defineConfig({
  plugins: [reactRouter()],
  ssr: { external: serverRuntimeImports },
  // The dependency scan (future.unstable_optimizeDeps) follows loaders into server code; what only the
  // server runs is not pre-bundled for the browser.
  optimizeDeps: {
    exclude: [
      ...serverRuntimeImports,
      "drizzle-orm",
      "standardwebhooks",
      "@clerk/react-router/server",
    ],
  },
});

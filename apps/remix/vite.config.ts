import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  // PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import,
  // as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
  ssr: { external: ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"] },
});

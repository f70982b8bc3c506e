import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  ssr: {
    // PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import,
    // as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
    external: ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"],
  },
});

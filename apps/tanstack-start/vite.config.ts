import { tanstackStart } from "@tanstack/react-start/plugin/vite";
import viteReact from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [tanstackStart(), viteReact()],
  // PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import,
  // as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
  ssr: { external: ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"] },
});

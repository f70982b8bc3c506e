import { tanstackStart } from "@tanstack/react-start/plugin/vite";
import viteReact from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import on the
// server, as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
const serverRuntimeImports = ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"];

export default defineConfig({
  plugins: [tanstackStart(), viteReact()],
  ssr: { external: serverRuntimeImports },
  // The dependency scan follows the routes into server code; what only the server runs is not pre-bundled
  // for the browser.
  optimizeDeps: {
    exclude: [...serverRuntimeImports, "drizzle-orm", "standardwebhooks"],
  },
});

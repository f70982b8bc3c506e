import { tanstackStart } from "@tanstack/react-start/plugin/vite";
import viteReact from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [tanstackStart(), viteReact()],
  // PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import.
  ssr: { external: ["@electric-sql/pglite", "postgres"] },
});

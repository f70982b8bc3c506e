import node from "@astrojs/node";
import react from "@astrojs/react";
import clerk from "@clerk/astro";
import { ui } from "@clerk/ui";
import { defineConfig } from "astro/config";

// PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import on the
// server, as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
const serverRuntimeImports = ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"];

// Every page is rendered per request (sessions). server.ts serves the built handler, which is what the
// adapter's middleware mode is for, so start-up and shutdown follow the contract (the standalone server has
// no SIGTERM handling).
export default defineConfig({
  output: "server",
  adapter: node({ mode: "middleware" }),
  integrations: [
    // Clerk's components are bundled (its documented way to pin them) rather than fetched beside clerk-js:
    // @clerk/astro reads their address only at build time and otherwise builds it with https:// from the
    // Frontend API's, which the local emulator (plain http, on a port chosen at start) cannot serve.
    clerk({ ui, signInUrl: "/sign-in", signUpUrl: "/sign-up" }),
    react(),
  ],
  // The endpoints refuse cross-site writes themselves, by the contract's rules and with its JSON; Astro's
  // own check answers form posts with a plain-text 403 before any middleware runs.
  security: { checkOrigin: false },
  vite: {
    ssr: { external: serverRuntimeImports },
    optimizeDeps: {
      // Imported by the scripts @clerk/astro injects into every page and by the dashboard island, which the
      // dependency scan does not follow: found on the first visit instead, the optimizer's reload broke it.
      include: ["@clerk/astro/internal", "@clerk/astro/react", "@clerk/astro/client", "@clerk/ui"],
      exclude: [...serverRuntimeImports, "drizzle-orm", "standardwebhooks"],
    },
  },
});

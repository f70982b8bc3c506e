import node from "@astrojs/node";
import react from "@astrojs/react";
import clerk from "@clerk/astro";
import { ui } from "@clerk/ui";
import { origins } from "@crosswalk/server-env";
import { defineConfig } from "astro/config";

// PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import on the
// server, as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
const serverRuntimeImports = ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"];

function allowedDomains(authorizedParties: string | undefined) {
  const loopback = ["localhost", "127.0.0.1"].map((hostname) => ({ protocol: "http", hostname }));
  const deployed = origins(authorizedParties ?? "").map((origin) => {
    const url = new URL(origin);
    return {
      protocol: url.protocol.slice(0, -1),
      hostname: url.hostname,
      port: url.port || undefined,
    };
  });
  return [...loopback, ...deployed];
}

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
  // Astro checks the origin of every form post to a page or an Action (security.checkOrigin, on by default)
  // against the request's own URL, which it builds from the Host header only for these domains (otherwise
  // from localhost and the build's port): this machine's loopback, where the suite and `pnpm dev` run, and the
  // origins in CLERK_AUTHORIZED_PARTIES when the app is built, since Astro fixes them in the build.
  security: { allowedDomains: allowedDomains(process.env.CLERK_AUTHORIZED_PARTIES) },
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

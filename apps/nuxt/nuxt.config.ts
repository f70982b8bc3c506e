// PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import on the
// server, as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
const serverRuntimeImports = ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"];

export default defineNuxtConfig({
  compatibilityDate: "2026-12-01",
  modules: ["@clerk/nuxt"],
  // server/middleware/clerk.ts runs Clerk's middleware itself: the sync route and /api/health carry no
  // session, and its options come from the validated environment.
  clerk: { skipServerMiddleware: true, signInUrl: "/sign-in", signUpUrl: "/sign-up" },
  css: ["@crosswalk/ui/styles.css"],
  app: { head: { title: "clerk-crosswalk · Nuxt", link: [{ rel: "icon", href: "/favicon.ico" }] } },
  // Offline and quiet: no consent prompt on the first `nuxt dev`, no devtools overlay in the walk's screenshots.
  telemetry: false,
  devtools: { enabled: false },
  // server.ts serves Nitro's request listener, so start-up and shutdown follow the contract: Nitro's own
  // node server keeps running, serving nothing, when its port is taken. The listener serves public/ and the
  // hashed /_nuxt files itself, as the node server does.
  nitro: {
    preset: "node-listener",
    serveStatic: true,
    externals: { external: serverRuntimeImports },
  },
  hooks: {
    // Before Nuxt's own, which renders the error page: errors outside the routes get the contract's JSON under
    // /api, and are logged once. Setting nitro.errorHandler instead would replace Nuxt's.
    "nitro:config"(config) {
      config.errorHandler = ["~~/server/error.ts", ...[config.errorHandler ?? []].flat()];
    },
  },
  vite: {
    optimizeDeps: { exclude: [...serverRuntimeImports, "drizzle-orm", "standardwebhooks"] },
  },
});

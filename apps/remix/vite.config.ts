import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

// Single fetch's types for useLoaderData and useActionData, as Remix's single-fetch guide declares them.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// PGlite loads its WebAssembly and data files next to its own modules, so it stays a runtime import on the
// server, as do the database and Redis clients, which are Node libraries with nothing to gain from bundling.
const serverRuntimeImports = ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"];

export default defineConfig(({ isSsrBuild }) => ({
  // The server build runs on Node, where app/server/startup.server.ts awaits the database at its top level;
  // Vite 6 targets 2020's browsers in every build unless told otherwise.
  build: isSsrBuild ? { target: "node20" } : {},
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        // The dev server scans the routes for dependencies at start-up. Without it, the first page finds
        // @clerk/remix, the optimizer reloads mid-hydration, and the page is left with two copies of React.
        unstable_optimizeDeps: true,
      },
    }),
  ],
  ssr: { external: serverRuntimeImports },
  // The scan follows loaders into server code; what only the server runs is not pre-bundled for the browser.
  optimizeDeps: {
    exclude: [
      ...serverRuntimeImports,
      "drizzle-orm",
      "standardwebhooks",
      "@clerk/remix/ssr.server",
      "@clerk/remix/api.server",
    ],
  },
}));

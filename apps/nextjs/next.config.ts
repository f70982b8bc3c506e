import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles it with the app.
  transpilePackages: [
    "@crosswalk/claims",
    "@crosswalk/db",
    "@crosswalk/endpoints",
    "@crosswalk/server-env",
    "@crosswalk/sync-queue",
    "@crosswalk/ui",
    "@crosswalk/webhooks",
  ],
  // PGlite loads its WebAssembly and data files from its own folder at run time, so it stays outside
  // the bundle, with the Postgres and Redis clients.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "bullmq", "ioredis"],
  poweredByHeader: false,
  experimental: {
    // Turbopack's on-disk development cache made a restarted `next dev` serve pages whose scripts never
    // finished loading, or reload them in a loop (tooling/dev's warm restart, 3 runs in 5); each start
    // compiles afresh instead.
    turbopackFileSystemCacheForDev: false,
  },
};

export default config;

import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles it with the app.
  transpilePackages: [
    "@crosswalk/claims",
    "@crosswalk/endpoints",
    "@crosswalk/server-env",
    "@crosswalk/webhooks",
  ],
  // The database package reads its migrations folder and PGlite its WebAssembly from disk at run time,
  // so they stay outside the bundle; Node 24 runs @crosswalk/db's TypeScript directly.
  serverExternalPackages: ["@crosswalk/db", "@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
};

export default config;

import type { ServerEnvOptions } from "@crosswalk/server-env";

/** How this app reads the contract's environment: in env.ts, and in server.ts, which runs outside Next. */
export const envOptions: ServerEnvOptions = {
  app: "nextjs",
  defaultPort: 3000,
  defaultPgliteDataDir: ".data/pglite",
  publicPrefix: "NEXT_PUBLIC_",
};

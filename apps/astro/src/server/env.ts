import { parseServerEnv, type ServerEnv } from "@crosswalk/server-env";

let parsed: ServerEnv | undefined;

/**
 * The validated environment, read on first use rather than at import: `astro build` loads the middleware
 * without the runtime environment. server.ts calls it first, so a missing variable stops `pnpm start`.
 */
export function env(): ServerEnv {
  parsed ??= parseServerEnv(process.env, {
    app: "astro",
    defaultPort: 3007,
    defaultPgliteDataDir: ".data/pglite",
    publicPrefix: "PUBLIC_",
  });
  return parsed;
}

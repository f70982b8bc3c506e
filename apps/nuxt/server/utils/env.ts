import { parseServerEnv, type ServerEnv } from "@crosswalk/server-env";

let parsed: ServerEnv | undefined;

/**
 * The validated environment, read on first use rather than at import: `nuxt build` loads the server code
 * without the runtime environment. server.ts calls it first, so a missing variable stops `pnpm start`.
 */
export function env(): ServerEnv {
  parsed ??= parseServerEnv(process.env, {
    app: "nuxt",
    defaultPort: 3008,
    defaultPgliteDataDir: ".data/pglite",
    publicPrefix: "NUXT_PUBLIC_",
  });
  return parsed;
}

import "server-only";
import { parseServerEnv, type ServerEnv } from "@crosswalk/server-env";

let parsed: ServerEnv | undefined;

/**
 * The validated environment, read on first use rather than at import: `next build` imports route
 * modules without the runtime environment. instrumentation.ts calls it at start-up so a missing
 * variable stops `next start` instead of failing the first request.
 */
export function env(): ServerEnv {
  parsed ??= parseServerEnv(process.env, {
    app: "nextjs",
    defaultPort: 3000,
    defaultPgliteDataDir: ".data/pglite",
    publicPrefix: "NEXT_PUBLIC_",
  });
  return parsed;
}

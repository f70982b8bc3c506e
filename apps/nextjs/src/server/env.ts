import "server-only";
import { parseServerEnv, type ServerEnv } from "@crosswalk/server-env";
import { envOptions } from "./env-options";

let parsed: ServerEnv | undefined;

/**
 * The validated environment, read on first use rather than at import: `next build` imports route
 * modules without the runtime environment. instrumentation.ts calls it at start-up so a missing
 * variable stops the server (server.ts, or `next dev`) instead of failing the first request.
 */
export function env(): ServerEnv {
  parsed ??= parseServerEnv(process.env, envOptions);
  return parsed;
}

import "@tanstack/react-start/server-only";
import { parseServerEnv, type ServerEnv } from "@crosswalk/server-env";

let parsed: ServerEnv | undefined;

/** The validated environment; src/server.ts reads it at start-up so a missing variable stops the server. */
export function env(): ServerEnv {
  parsed ??= parseServerEnv(process.env, {
    app: "tanstack-start",
    defaultPort: 3003,
    defaultPgliteDataDir: ".data/pglite",
    publicPrefix: "VITE_",
  });
  return parsed;
}

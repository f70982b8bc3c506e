import { parseServerEnv, type ServerEnv } from "@crosswalk/server-env";

let parsed: ServerEnv | undefined;

/** The validated environment; startup.server.ts reads it when the server build loads. */
export function env(): ServerEnv {
  parsed ??= parseServerEnv(process.env, {
    app: "remix",
    defaultPort: 3001,
    defaultPgliteDataDir: ".data/pglite",
  });
  return parsed;
}

import { parseServerEnv, type ServerEnv } from "@crosswalk/server-env";

let parsed: ServerEnv | undefined;

/** The validated environment; startup.server.ts reads it when the server build loads. */
export function env(): ServerEnv {
  parsed ??= parseServerEnv(process.env, {
    app: "react-router",
    defaultPort: 3004,
    defaultPgliteDataDir: ".data/pglite",
    publicPrefix: "VITE_",
  });
  return parsed;
}

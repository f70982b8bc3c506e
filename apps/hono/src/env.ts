import { exitOnInvalidEnv, parseServerEnv } from "@crosswalk/server-env";

export const env = exitOnInvalidEnv(() =>
  parseServerEnv(process.env, {
    app: "hono",
    defaultPort: 3006,
    defaultPgliteDataDir: ".data/pglite",
  }),
);

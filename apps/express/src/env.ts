import { exitOnInvalidEnv, parseServerEnv } from "@crosswalk/server-env";

export const env = exitOnInvalidEnv(() =>
  parseServerEnv(process.env, {
    app: "express",
    defaultPort: 3002,
    defaultPgliteDataDir: ".data/pglite",
  }),
);

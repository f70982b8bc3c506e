import { exitOnInvalidEnv, parseServerEnv } from "@crosswalk/server-env";

export const env = exitOnInvalidEnv(() =>
  parseServerEnv(process.env, {
    app: "fastify",
    defaultPort: 3005,
    defaultPgliteDataDir: ".data/pglite",
  }),
);

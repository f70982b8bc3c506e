import { exitOnInvalidEnv, parseServerEnv } from "@crosswalk/server-env";

// Production unless told otherwise, as `next start` and the other apps' servers do, so a server started on
// its own runs production's checks; its `dev` script says development.
process.env.NODE_ENV ??= "production";

export const env = exitOnInvalidEnv(() =>
  parseServerEnv(process.env, {
    app: "fastify",
    defaultPort: 3005,
    defaultPgliteDataDir: ".data/pglite",
  }),
);

import { createClerkClient } from "@clerk/fastify";
import type { ServerEnv } from "@crosswalk/server-env";

// #region crosswalk:backend-getuser
// Built from the validated environment, as the options clerkPlugin gets: @clerk/fastify's own clerkClient
// reads process.env when the module is imported.
export const createBackendClient = (env: ServerEnv) =>
  createClerkClient({
    secretKey: env.clerk.secretKey,
    publishableKey: env.clerk.publishableKey,
    jwtKey: env.clerk.jwtKey,
    apiUrl: env.clerk.apiUrl,
  });
// #endregion

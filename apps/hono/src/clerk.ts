import { createClerkClient } from "@clerk/backend";
import type { ServerEnv } from "@crosswalk/server-env";

// #region crosswalk:backend-getuser
// One Backend API client for the process, from the validated environment: @clerk/hono builds one per request
// for `c.get("clerk")`, from the options clerkMiddleware gets.
export const createBackendClient = (env: ServerEnv) =>
  createClerkClient({
    secretKey: env.clerk.secretKey,
    publishableKey: env.clerk.publishableKey,
    jwtKey: env.clerk.jwtKey,
    apiUrl: env.clerk.apiUrl,
  });
// #endregion

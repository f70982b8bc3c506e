import { createClerkClient } from "@clerk/express";
import type { ServerEnv } from "@crosswalk/server-env";

// #region crosswalk:backend-getuser
// Built from the validated environment rather than the SDK's import-time process.env read, so the
// networkless JWT key and the Backend API URL are the ones env.ts checked.
export const createBackendClient = (env: ServerEnv) =>
  createClerkClient({
    secretKey: env.clerk.secretKey,
    publishableKey: env.clerk.publishableKey,
    jwtKey: env.clerk.jwtKey,
    apiUrl: env.clerk.apiUrl,
  });
// #endregion

import { createClerkClient } from "@clerk/nuxt/server";
import { env } from "./env.ts";

let client: ReturnType<typeof createClerkClient> | undefined;

// #region crosswalk:backend-getuser
// One Backend API client for the process, from the validated environment: @clerk/nuxt's clerkClient(event)
// builds one per call from Nuxt's run-time config.
export function clerkClient() {
  client ??= createClerkClient({
    secretKey: env().clerk.secretKey,
    publishableKey: env().clerk.publishableKey,
    jwtKey: env().clerk.jwtKey,
    apiUrl: env().clerk.apiUrl,
  });
  return client;
}
// #endregion

import { createClerkClient } from "@clerk/astro/server";
import { env } from "./env.ts";

let client: ReturnType<typeof createClerkClient> | undefined;

// #region crosswalk:backend-getuser
// One Backend API client for the process, from the validated environment: @clerk/astro's clerkClient(context)
// builds one per call from process.env.
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

import { createClerkClient } from "@clerk/remix/api.server";
import { env } from "./env.server";

/** The options rootAuthLoader and getAuth take, from the validated environment. */
export function clerkOptions() {
  return {
    publishableKey: env().clerk.publishableKey,
    secretKey: env().clerk.secretKey,
    jwtKey: env().clerk.jwtKey,
    authorizedParties: env().clerk.authorizedParties,
    signInUrl: "/sign-in",
    signUpUrl: "/sign-up",
  };
}

let client: ReturnType<typeof createClerkClient> | undefined;

// #region crosswalk:backend-getuser
// @clerk/remix's createClerkClient ignores CLERK_API_URL, so the Backend API URL is passed explicitly.
export function clerkClient() {
  client ??= createClerkClient({ secretKey: env().clerk.secretKey, apiUrl: env().clerk.apiUrl });
  return client;
}
// #endregion

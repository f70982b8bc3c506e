import { clerkClient } from "@clerk/react-router/server";
import type { LoaderFunctionArgs } from "react-router";
import { env } from "./env.server";

/** The options clerkMiddleware and the Backend API client take, from the validated environment. */
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

// #region crosswalk:backend-getuser
// clerkClient(args) builds the Backend API client for this request (CLERK_API_URL is read by the SDK).
export const backendApi = (args: LoaderFunctionArgs) => clerkClient(args, clerkOptions());
// #endregion

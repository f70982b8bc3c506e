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

let client: ReturnType<typeof clerkClient> | undefined;

// #region crosswalk:backend-getuser
// clerkClient(args) reads CLERK_API_URL itself; with the options fixed by the environment it gives the same
// client for every request, so the first one's is kept.
export function backendApi(args: LoaderFunctionArgs) {
  client ??= clerkClient(args, clerkOptions());
  return client;
}
// #endregion

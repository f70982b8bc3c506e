import { createClerkClient } from "@clerk/react-router/api.server";
import { clerkMiddleware } from "@clerk/react-router/server";
import { sessionlessPaths } from "@crosswalk/endpoints/routes";
import type { MiddlewareFunction } from "react-router";
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

let client: ReturnType<typeof createClerkClient> | undefined;

// #region crosswalk:backend-getuser
// One Backend API client for the process, from the validated environment (createClerkClient does not read
// CLERK_API_URL, so it is passed): clerkClient(args) would build it from the first request it saw.
export function clerkClient() {
  client ??= createClerkClient({
    secretKey: env().clerk.secretKey,
    publishableKey: env().clerk.publishableKey,
    apiUrl: env().clerk.apiUrl,
  });
  return client;
}
// #endregion

/** clerkMiddleware(), for every request but the sessionless ones, as the other apps mount theirs. */
export function clerkMiddlewareForSessions(): MiddlewareFunction<Response> {
  const clerk = clerkMiddleware(clerkOptions());
  return (args, next) =>
    sessionlessPaths.has(new URL(args.request.url).pathname) ? next() : clerk(args, next);
}

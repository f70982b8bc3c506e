import { clerkClient, clerkMiddleware } from "@clerk/react-router/server";
import type { LoaderFunctionArgs, MiddlewareFunction } from "react-router";
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

// Requests that carry no session: Svix signs the sync route's deliveries, and health checks come from
// orchestrators. Clerk's middleware would verify nothing there, at a cost per delivery.
const sessionless = new Set(["/api/webhooks/clerk", "/api/health"]);

/** clerkMiddleware(), for every request but the sessionless ones, as the other apps mount theirs. */
export function clerkMiddlewareForSessions(): MiddlewareFunction<Response> {
  const clerk = clerkMiddleware(clerkOptions());
  return (args, next) =>
    sessionless.has(new URL(args.request.url).pathname) ? next() : clerk(args, next);
}

import { clerkMiddleware } from "@clerk/nextjs/server";
import { unexpectedError } from "@crosswalk/endpoints";
import { toResponse, unlistedApiRequest } from "@crosswalk/endpoints/routes";
import type { NextFetchEvent, NextRequest } from "next/server";
import { env } from "./server/env";

// #region crosswalk:clerk-setup
const clerk = clerkMiddleware(
  // No route rules: each page and route handler protects itself (Clerk's resource-based protection,
  // which replaced createRouteMatcher). Only the contract's JSON for what no route handler serves, which
  // Next would answer with an HTML page or an empty 405.
  (_auth, request) => {
    const refusal = unlistedApiRequest(request.method, request.nextUrl.pathname);
    if (refusal) return toResponse(refusal);
  },
  // Options come from the validated runtime environment: @clerk/nextjs does not read CLERK_JWT_KEY
  // itself, and Next inlines NEXT_PUBLIC_ variables at build time, before the keys are known.
  // CLERK_SECRET_KEY is read at run time by the SDK (passing it here would need CLERK_ENCRYPTION_KEY).
  () => ({
    publishableKey: env().clerk.publishableKey,
    jwtKey: env().clerk.jwtKey,
    authorizedParties: env().clerk.authorizedParties,
    signInUrl: "/sign-in",
    signUpUrl: "/sign-up",
  }),
);
// #endregion

/** Clerk's middleware throws on what it cannot authenticate at all (a forged handshake token): under /api, the contract's JSON. */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  try {
    return await clerk(request, event);
  } catch (error) {
    if (!request.nextUrl.pathname.startsWith("/api/")) throw error;
    return unexpectedError("nextjs", error, request);
  }
}

export const config = {
  // Clerk's quickstart matcher, with one change: every route that calls auth() passes through the proxy
  // (pages and all of /api), except the sync route, which needs no session and would have its body cloned
  // and buffered (up to 10 MB) by the proxy before its own 1 MiB cap. `/__clerk` is where @clerk/nextjs can
  // serve the Frontend API from this app's origin; the static-file exclusion would skip its scripts.
  matcher: [
    "/((?!_next|api/webhooks/clerk$|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api(?!/webhooks/clerk$).*)",
    "/__clerk/(.*)",
  ],
};

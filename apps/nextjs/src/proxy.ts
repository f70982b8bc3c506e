import { clerkMiddleware } from "@clerk/nextjs/server";
import { env } from "./server/env";

// #region crosswalk:clerk-setup
export default clerkMiddleware(
  // No route rules: each page and route handler protects itself (Clerk's resource-based protection,
  // which replaced createRouteMatcher). The handler is there because options computed per request
  // are only accepted after one.
  () => {},
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

export const config = {
  // Every route that calls auth() must pass through the proxy: pages and all of /api.
  matcher: [
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api)(.*)",
  ],
};

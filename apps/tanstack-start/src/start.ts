import { clerkMiddleware } from "@clerk/tanstack-react-start/server";
import { createStart } from "@tanstack/react-start";
import { apiErrors } from "./server/api-errors";
import { env } from "./server/env";

// #region crosswalk:clerk-setup
export const startInstance = createStart(() => ({
  requestMiddleware: [
    apiErrors,
    clerkMiddleware(() => ({
      publishableKey: env().clerk.publishableKey,
      jwtKey: env().clerk.jwtKey,
      authorizedParties: env().clerk.authorizedParties,
      signInUrl: "/sign-in",
      signUpUrl: "/sign-up",
    })),
  ],
}));
// #endregion

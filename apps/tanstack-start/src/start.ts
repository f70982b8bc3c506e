import { clerkMiddleware } from "@clerk/tanstack-react-start/server";
import { createCsrfMiddleware, createServerOnlyFn, createStart } from "@tanstack/react-start";
import { apiErrors } from "./api-errors";
import { perVisitorAnswers } from "./per-visitor";
import { env } from "./server/env";

// Server functions are same-origin RPC endpoints: TanStack's CSRF check refuses them from another site. Start
// adds it by itself only to an app without a start instance, so one that has one lists it, as Start's docs do.
const csrfMiddleware = createCsrfMiddleware({ filter: (ctx) => ctx.handlerType === "serverFn" });

// #region crosswalk:clerk-setup
// The start instance is bundled for the browser too: a server-only function keeps the environment (and
// src/server/env.ts) out of the client build.
const clerkOptions = createServerOnlyFn(() => ({
  publishableKey: env().clerk.publishableKey,
  jwtKey: env().clerk.jwtKey,
  authorizedParties: env().clerk.authorizedParties,
  signInUrl: "/sign-in",
  signUpUrl: "/sign-up",
}));

export const startInstance = createStart(() => ({
  requestMiddleware: [perVisitorAnswers, csrfMiddleware, apiErrors, clerkMiddleware(clerkOptions)],
}));
// #endregion

import { defineMiddleware, sequence } from "astro:middleware";
import { clerkMiddleware } from "@clerk/astro/server";
import {
  perCallerCacheControl,
  sessionlessPaths,
  toResponse,
  unexpectedError,
  unlistedApiRequest,
} from "@crosswalk/endpoints";
import { env } from "./server/env.ts";

/**
 * Every answer under /api is the contract's JSON: unlisted methods and paths, paths that do not decode, and
 * failures (Astro would render its 500 page).
 */
const apiErrors = defineMiddleware(async ({ request, url }, next) => {
  const refusal = unlistedApiRequest(request.method, url.pathname);
  if (refusal) return toResponse(refusal);
  if (!url.pathname.startsWith("/api/")) return next();
  try {
    return await next();
  } catch (error) {
    return unexpectedError("astro", error, request);
  }
});

// #region crosswalk:clerk-setup
// Built on the first request, from the validated environment: `astro build` loads this module without it.
// @clerk/astro takes the Backend API's address from CLERK_API_URL itself; the rest it is given.
let clerk: ReturnType<typeof clerkMiddleware> | undefined;
const clerkForSessions = defineMiddleware((context, next) => {
  if (sessionlessPaths.has(context.url.pathname)) return next();
  // @clerk/astro hands the browser the publishable key it finds under Astro's public name; the contract's
  // name (CLERK_PUBLISHABLE_KEY) is accepted too.
  process.env.PUBLIC_CLERK_PUBLISHABLE_KEY ??= env().clerk.publishableKey;
  clerk ??= clerkMiddleware({
    publishableKey: env().clerk.publishableKey,
    secretKey: env().clerk.secretKey,
    jwtKey: env().clerk.jwtKey,
    authorizedParties: env().clerk.authorizedParties,
    signInUrl: "/sign-in",
    signUpUrl: "/sign-up",
  });
  return clerk(context, next);
});
// #endregion

/**
 * Every page carries the visitor's auth state (@clerk/astro embeds it), and the dashboard its data: no cache
 * may keep one. The hashed /_astro files and public/ are served before Astro; the API routes say so themselves.
 */
const perVisitorAnswers = defineMiddleware(async ({ url }, next) => {
  const response = await next();
  if (!url.pathname.startsWith("/api/"))
    response.headers.set("Cache-Control", perCallerCacheControl);
  return response;
});

export const onRequest = sequence(perVisitorAnswers, apiErrors, clerkForSessions);

import {
  jsonErrors,
  lazyEndpoints,
  notFound,
  perCallerCacheControl,
  toResponse,
  unexpectedError,
} from "@crosswalk/endpoints";
import type { MiddlewareFunction } from "react-router";
import { clerkClient } from "./clerk.server";
import { database } from "./db.server";
import { env } from "./env.server";

/** The contract's endpoints, with the Backend API reached through the process's Backend API client. */
export const api = lazyEndpoints(async () => {
  const handle = await database();
  return {
    framework: "react-router",
    db: handle.db,
    databaseKind: handle.kind,
    authorizedParties: env().clerk.authorizedParties,
    users: clerkClient().users,
  };
});

/** For the loader or action a resource route does not serve: React Router would answer 405 with its own body. */
export const notFoundHere = () => toResponse(notFound);

/** A loader or action that answers the contract's 500 JSON for whatever throws (React Router would send text). */
export const apiRoute = <A extends unknown[]>(handler: (...args: A) => Promise<Response>) =>
  jsonErrors("react-router", handler);

/**
 * Root middleware, before Clerk's: a failure in the middleware chain under /api gets the contract's 500 JSON
 * too (React Router would answer text and log the whole error).
 */
export const apiErrors: MiddlewareFunction<Response> = async ({ request }, next) => {
  if (!new URL(request.url).pathname.startsWith("/api/")) return next();
  try {
    return await next();
  } catch (error) {
    return unexpectedError("react-router", error, request);
  }
};

/**
 * Root middleware: every page, its data for a client-side navigation (`.data`) and its redirects carry the
 * visitor's auth state or data, so no cache may keep one (the API routes say so themselves).
 */
export const perVisitorAnswers: MiddlewareFunction<Response> = async ({ request }, next) => {
  const response = await next();
  if (!new URL(request.url).pathname.startsWith("/api/"))
    response.headers.set("Cache-Control", perCallerCacheControl);
  return response;
};

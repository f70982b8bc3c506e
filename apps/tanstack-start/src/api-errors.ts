import { toResponse, unexpectedError, unlistedApiRequest } from "@crosswalk/endpoints";
import { createMiddleware } from "@tanstack/react-start";

/**
 * Request middleware, registered by the isomorphic start instance (so not in src/server, which is
 * server-only): Start's compiler keeps its server body out of the client. Every answer under /api is the contract's JSON: unlisted methods and paths, paths that do not decode
 * (the router would answer 406 or an HTML page) and failures (h3 would answer its own JSON).
 */
export const apiErrors = createMiddleware().server(async ({ request, next }) => {
  const { pathname } = new URL(request.url);
  const refusal = unlistedApiRequest(request.method, pathname);
  // A thrown Response is the request middleware's early answer (Clerk's redirects use it too).
  if (refusal) throw toResponse(refusal);
  if (!pathname.startsWith("/api/")) return next();
  try {
    return await next();
  } catch (error) {
    throw unexpectedError("tanstack-start", error, request);
  }
});

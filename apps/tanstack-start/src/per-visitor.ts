import { perCallerCacheControl } from "@crosswalk/endpoints/routes";
import { createMiddleware } from "@tanstack/react-start";

/**
 * Every page, and every server function a client-side navigation calls (a GET under /_serverFn), carries the
 * visitor's auth state or data: no cache may keep one. Hashed assets and public/ never reach Start
 * (server.ts serves them), and the API routes say so themselves.
 */
export const perVisitorAnswers = createMiddleware().server(async ({ request, next }) => {
  const result = await next();
  if (!new URL(request.url).pathname.startsWith("/api/"))
    result.response.headers.set("Cache-Control", perCallerCacheControl);
  return result;
});

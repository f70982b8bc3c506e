import type { IncomingMessage, ServerResponse } from "node:http";
import { endLingering, lingeringResponse } from "@crosswalk/body-limit";
import type { EndpointResult } from "./types.ts";

/** Every method and path the contract serves under /api; anything else there answers 404 not_found. */
const contractRoutes: { path: RegExp; methods: readonly string[] }[] = [
  { path: /^\/api\/health$/, methods: ["GET"] },
  { path: /^\/api\/me$/, methods: ["GET"] },
  { path: /^\/api\/claims$/, methods: ["GET"] },
  { path: /^\/api\/profile$/, methods: ["GET", "PUT"] },
  { path: /^\/api\/onboarding\/complete$/, methods: ["POST"] },
  { path: /^\/api\/org\/members$/, methods: ["GET"] },
  { path: /^\/api\/org\/tasks$/, methods: ["GET", "POST"] },
  { path: /^\/api\/org\/tasks\/[^/]+$/, methods: ["DELETE"] },
  { path: /^\/api\/webhooks\/clerk$/, methods: ["POST"] },
];

/** Whether the contract serves this method on this path (HEAD wherever GET is served). */
export function isContractRoute(method: string, pathname: string): boolean {
  return contractMethods(pathname).includes(method);
}

/** The methods the contract serves on this path, HEAD wherever GET is; none for a path it does not serve. */
export function contractMethods(pathname: string): string[] {
  const methods = contractRoutes.find((route) => route.path.test(pathname))?.methods ?? [];
  return methods.flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method]));
}

/**
 * The routes that carry no session: Svix signs the sync route's deliveries, and health checks come from
 * orchestrators. An app's Clerk middleware skips them: it would verify nothing there, at a cost per delivery.
 */
export const sessionlessPaths: ReadonlySet<string> = new Set([
  "/api/webhooks/clerk",
  "/api/health",
]);

/**
 * What a response that depends on who asks says to caches: every answer under /api (most depend on the caller's
 * session, and so do their 401s and 403s) and every page rendered for a signed-in user. A CDN or proxy set to
 * cache everything must not hand one user's answer to another.
 */
export const perCallerCacheControl = "private, no-store";

/** An endpoint result as a fetch Response, for frameworks whose handlers return one. */
export function toResponse(result: EndpointResult): Response {
  const headers = { "cache-control": perCallerCacheControl };
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  if (result.closeAfter)
    return lingeringResponse(
      result.status,
      { ...headers, "content-type": "application/json" },
      JSON.stringify(result.body),
      result.closeAfter,
    );
  return Response.json(result.body, { status: result.status, headers });
}

/** The same written to a Node response, for the servers that answer on one (Express, Fastify's raw reply). */
export function writeNodeResult(response: ServerResponse, result: EndpointResult): void {
  const headers = { "cache-control": perCallerCacheControl };
  if (result.body === undefined) {
    response.writeHead(result.status, headers).end();
    return;
  }
  const jsonHeaders = { ...headers, "content-type": "application/json; charset=utf-8" };
  if (result.closeAfter) {
    endLingering(
      response,
      result.status,
      jsonHeaders,
      JSON.stringify(result.body),
      result.closeAfter,
    );
    return;
  }
  response.writeHead(result.status, jsonHeaders).end(JSON.stringify(result.body));
}

export const notFound: EndpointResult = { status: 404, body: { error: "not_found" } };

export const internalError: EndpointResult = { status: 500, body: { error: "internal_error" } };

/** A path whose %-escapes do not decode: refused before any route sees it. */
export const malformedPath: EndpointResult = { status: 400, body: { error: "malformed_path" } };

/** The path with its %-escapes decoded, or undefined when they do not decode. */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

// The decoded value is compared, not discarded: bundlers drop a decodeURIComponent call whose result is
// unused as free of side effects, and with it the throw this depends on.
export const isMalformedPath = (pathname: string) => decodedPath(pathname) === undefined;

/**
 * The answer for an /api request that reaches no contract route: 400 for a path that does not decode,
 * else 404. Undefined for a request the contract serves, or one outside /api.
 */
export function unlistedApiRequest(method: string, pathname: string): EndpointResult | undefined {
  if (pathname !== "/api" && !pathname.startsWith("/api/")) return undefined;
  if (isMalformedPath(pathname)) return malformedPath;
  return isContractRoute(method, pathname) ? undefined : notFound;
}

/**
 * The same refusal as Connect-style middleware, for the Node servers built on Express (the Express app, and the
 * Remix and React Router production servers): answered before their routers, which would answer a path that
 * does not decode with an HTML page, or serve OPTIONS with a resource route's loader.
 */
export function refuseUnlistedApiRequests(
  request: IncomingMessage & { originalUrl?: string },
  response: ServerResponse,
  next: () => void,
): void {
  const pathname = (request.originalUrl ?? request.url ?? "/").split("?")[0] ?? "/";
  const refusal = unlistedApiRequest(request.method ?? "GET", pathname);
  if (refusal) writeNodeResult(response, refusal);
  else next();
}

/**
 * A request target in absolute form (`GET http://host/path`, as forward proxies send it) in the origin form
 * the frameworks' Node adapters expect: they build the request's URL from the Host header and the target,
 * which for an absolute target is no URL at all. RFC 9112 §3.2.2: the target's host replaces the Host header.
 */
export function acceptAbsoluteFormTargets(
  request: IncomingMessage & { originalUrl?: string },
  _response: ServerResponse,
  next: () => void,
): void {
  const url = URL.parse(request.url ?? "/");
  if (url && /^https?:$/.test(url.protocol)) {
    request.url = `${url.pathname}${url.search}`;
    // Express keeps the target as it came in here too, before any middleware runs.
    if (request.originalUrl !== undefined) request.originalUrl = request.url;
    request.headers.host = url.host;
  }
  next();
}

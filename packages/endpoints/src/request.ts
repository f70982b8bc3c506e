import type { IncomingMessage } from "node:http";
import { type JsonBody, readJsonBody, readNodeJsonBody } from "./body.ts";
import { fail } from "./responses.ts";
import type { EndpointResult } from "./types.ts";

/** What the endpoints read of a request: the framework's request, reduced. */
export interface RequestFacts {
  method: string;
  header(name: string): string | null | undefined;
  /** The query string's parameters (`limit` and `cursor` of a list). */
  query: URLSearchParams;
  /**
   * Reads the JSON body, which the endpoint does only once the session, the permissions and the request's
   * origin allow the write: a stranger's upload is never read.
   */
  jsonBody(): Promise<JsonBody>;
}

export function fetchRequestFacts(request: Request): RequestFacts {
  return {
    method: request.method,
    header: (name) => request.headers.get(name),
    query: new URL(request.url).searchParams,
    jsonBody: () => readJsonBody(request),
  };
}

/** The same from a Node request (Express, Fastify) that nothing has read: a repeated header counts by its first value. */
export function nodeRequestFacts(request: IncomingMessage): RequestFacts {
  return {
    method: request.method ?? "GET",
    header: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    query: new URLSearchParams((request.url ?? "").split("?")[1] ?? ""),
    jsonBody: () => readNodeJsonBody(request),
  };
}

/**
 * A write carried by the session cookie must come from a page of an authorized party: browsers attach the
 * cookie to a form or fetch from any site, and SameSite=Lax admits sibling subdomains and every localhost
 * port. A Bearer token is never sent by the browser on its own, so Bearer requests are not checked.
 */
export function refuseCrossSite(
  request: RequestFacts,
  authorizedParties: readonly string[],
): EndpointResult | undefined {
  // As the SDK reads it: any other scheme (Basic, which browsers replay cross-site) leaves the cookie in charge.
  if (/^Bearer \S+$/.test(request.header("authorization") ?? "")) return undefined;
  const origin = request.header("origin");
  if (origin) return authorizedParties.includes(origin) ? undefined : crossSiteRequest();
  // Browsers that send no Origin still say where the request came from; clients that say neither are no
  // browser, and carry no ambient cookie.
  const site = request.header("sec-fetch-site");
  return site === "cross-site" || site === "same-site" ? crossSiteRequest() : undefined;
}

const crossSiteRequest = () => fail(403, "cross_site_request");

/** JSON bodies only: a `text/plain` form is how a cross-site page would send one without a preflight. */
export function refuseNonJson(request: RequestFacts): EndpointResult | undefined {
  const mediaType = request.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json" ? undefined : fail(415, "unsupported_media_type");
}

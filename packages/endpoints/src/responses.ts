import type { EndpointResult } from "./types.ts";

export const ok = (body: unknown, status = 200): EndpointResult => ({ status, body });
export const fail = (
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
): EndpointResult => ({
  status,
  body: { error, ...extra },
});
export const unauthenticated = () => fail(401, "unauthenticated");
export const upstreamUnavailable = () => fail(502, "upstream_unavailable");

/** The HTTP status of a Backend API error (ClerkAPIResponseError), or undefined for a network failure. */
export function upstreamStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

export function parseJsonBody(raw: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/**
 * The contract's codes for the client errors a framework answers itself: its validators and body limits, or
 * the rate limiter a copier adds. Other 4xx statuses are named by their reason phrase.
 */
const clientErrorCodes: Record<number, string> = {
  400: "invalid_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

const reasonPhrases: Record<number, string> = {
  406: "not_acceptable",
  408: "request_timeout",
  409: "conflict",
  410: "gone",
  411: "length_required",
  412: "precondition_failed",
  414: "uri_too_long",
  416: "range_not_satisfiable",
  417: "expectation_failed",
  422: "unprocessable_content",
  431: "request_header_fields_too_large",
};

/**
 * A framework's own HTTP error (Fastify's `statusCode`, Hono's HTTPException, h3's H3Error, Express's
 * http-errors) as the contract's JSON: a 4xx keeps its status and is the client's answer, not a failure to log.
 * Undefined for any other status, which is the app's failure and a logged 500.
 */
export function clientErrorResult(status: number | undefined): EndpointResult | undefined {
  if (status === undefined || status < 400 || status > 499) return undefined;
  // 405 stays the contract's 404: an unlisted method is an unlisted route.
  return fail(
    status === 405 ? 404 : status,
    clientErrorCodes[status] ?? reasonPhrases[status] ?? "client_error",
  );
}

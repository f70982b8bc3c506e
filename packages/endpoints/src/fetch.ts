import { describeError } from "@crosswalk/db";
import { internalError } from "./routes.ts";
import type { EndpointResult } from "./types.ts";

/** An endpoint result as a fetch Response, for frameworks whose handlers return one. */
export function toResponse(result: EndpointResult): Response {
  if (result.body === undefined) return new Response(null, { status: result.status });
  // A 413 leaves the rest of the body unread, so the connection cannot carry another request.
  const headers: Record<string, string> = result.status === 413 ? { connection: "close" } : {};
  return Response.json(result.body, { status: result.status, headers });
}

/**
 * The contract's 500 for an unexpected throw (the framework's Clerk helper, a database that did not open),
 * logged by the error's name and code only, instead of the framework's own page. A thrown Response (a redirect) is
 * thrown on.
 */
export function unexpectedError(framework: string, error: unknown): Response {
  if (error instanceof Response) throw error;
  return toResponse(unexpectedErrorResult(framework, error));
}

/** The same as an endpoint result, for a server that answers with its own response object (Express). */
export function unexpectedErrorResult(framework: string, error: unknown): EndpointResult {
  console.error(`[${framework}] request failed: ${describeError(error)}`);
  return internalError;
}

/** A fetch-style route handler that answers {@link unexpectedError} for whatever it throws. */
export function jsonErrors<A extends unknown[]>(
  framework: string,
  handler: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return unexpectedError(framework, error);
    }
  };
}

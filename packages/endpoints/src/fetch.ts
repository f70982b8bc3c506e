import { describeError } from "@crosswalk/db";
import { readLimitedBody } from "@crosswalk/webhooks";
import { internalError } from "./routes.ts";
import type { EndpointResult } from "./types.ts";

/** JSON request bodies (profile, tasks) are small; anything larger is refused before it is parsed. */
export const maxJsonBodyBytes = 64 * 1024;

/** The request body as text for the JSON endpoints, or undefined when it is over {@link maxJsonBodyBytes}. */
export async function readJsonText(request: Request): Promise<string | undefined> {
  const bytes = await readLimitedBody(request, maxJsonBodyBytes);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

export const payloadTooLarge: EndpointResult = {
  status: 413,
  body: { error: "payload_too_large" },
};

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
  console.error(`[${framework}] request failed: ${describeError(error)}`);
  return toResponse(internalError);
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

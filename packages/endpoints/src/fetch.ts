import { consoleLogger, describeError, type Logger } from "@crosswalk/log";
import { clientErrorResult } from "./responses.ts";
import { internalError, toResponse } from "./routes.ts";
import type { EndpointResult } from "./types.ts";

/** The request a failure is reported under: its method and path, never its query or body. */
export interface FailedRequest {
  method: string;
  path: string;
}

/**
 * The contract's 500 for an unexpected throw (a database outage, the framework's Clerk helper, a bug), logged
 * once, by the request's method and path and the error's name and code, never its message, which can quote
 * values. Every app's routes end in this one catch-all.
 */
export function unexpectedErrorResult(
  framework: string,
  error: unknown,
  request?: FailedRequest,
  log?: Logger,
): EndpointResult {
  reportUnexpectedError(framework, error, request, log);
  return internalError;
}

/**
 * What a framework's error hook answers for `error`: a client error the framework raised itself (its status,
 * which each app reads the way its framework carries it) in the contract's words, unlogged; anything else
 * the logged 500.
 */
export function frameworkErrorResult(
  framework: string,
  error: unknown,
  clientStatus: number | undefined,
  request?: FailedRequest,
  log?: Logger,
): EndpointResult {
  return clientErrorResult(clientStatus) ?? unexpectedErrorResult(framework, error, request, log);
}

/** The log line alone, for a framework's own error hook (a page's loader that threw). */
export function reportUnexpectedError(
  framework: string,
  error: unknown,
  request?: FailedRequest,
  log: Logger = consoleLogger(framework),
): void {
  const where = request ? `${request.method} ${request.path}` : "a request";
  log.error({}, `${where} failed: ${describeError(error)}`);
}

/** The same as a fetch Response; a thrown Response (a redirect) is thrown on. */
export function unexpectedError(
  framework: string,
  error: unknown,
  request?: Request,
  log?: Logger,
): Response {
  if (error instanceof Response) throw error;
  const failed = request && { method: request.method, path: new URL(request.url).pathname };
  return toResponse(unexpectedErrorResult(framework, error, failed, log));
}

/** The fetch Request among a route handler's arguments: Next.js passes it, Remix and React Router in `args`. */
function requestAmong(args: unknown[]): Request | undefined {
  for (const arg of args) {
    if (arg instanceof Request) return arg;
    const nested = (arg as { request?: unknown } | null)?.request;
    if (nested instanceof Request) return nested;
  }
  return undefined;
}

export interface JsonErrorsOptions {
  /**
   * Throws again what the framework throws for control flow (Next.js's `unstable_rethrow`: `notFound()`,
   * `redirect()`, `auth.protect()`), so the framework answers it instead of this catch-all.
   */
  rethrow?: (error: unknown) => void;
  /** Absent: the console, under the framework's name. */
  log?: Logger;
}

/** A fetch-style route handler that answers {@link unexpectedError} for whatever it throws. */
export function jsonErrors<A extends unknown[]>(
  framework: string,
  handler: (...args: A) => Promise<Response>,
  { rethrow, log }: JsonErrorsOptions = {},
): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      rethrow?.(error);
      return unexpectedError(framework, error, requestAmong(args), log);
    }
  };
}

// A registered symbol: the same in every copy of this module.
const pageDataFailureBrand = Symbol.for("@crosswalk/endpoints.PageDataFailure");

/**
 * What {@link loadPageData} throws once it has logged a failure: the framework's error page follows, and a
 * framework error hook that logs what reaches it (Nitro's) can tell it apart.
 */
export class PageDataFailure extends Error {
  override name = "PageDataFailure";
  readonly [pageDataFailureBrand] = true;
}

/**
 * Whether `error` is a {@link PageDataFailure}, also from another bundle's copy of this module (Next.js
 * bundles its instrumentation apart from its pages), where `instanceof` is false.
 */
export function isPageDataFailure(error: unknown): error is PageDataFailure {
  return typeof error === "object" && error !== null && pageDataFailureBrand in error;
}

/**
 * A page's data, loaded on the server. Next.js prints whatever a page throws, whole, and TanStack Start
 * serializes it for the browser (a failed query's text, the database's address): a failure is logged by name
 * and code, as the routes log theirs, and the framework gets an error that says only where to look. `rethrow`
 * passes the framework's own control flow (redirects, not-found) through untouched.
 */
export async function loadPageData<T>(
  framework: string,
  path: string,
  load: () => Promise<T>,
  { rethrow, log }: JsonErrorsOptions = {},
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    rethrow?.(error);
    reportUnexpectedError(framework, error, { method: "GET", path }, log);
    throw new PageDataFailure(`GET ${path} failed; the server log says why`);
  }
}

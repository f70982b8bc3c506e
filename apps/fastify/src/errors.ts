import { type EndpointResult, frameworkErrorResult } from "@crosswalk/endpoints";
import type { FastifyError, FastifyRequest } from "fastify";

/**
 * The contract's answer for what a route or Fastify threw: Fastify's own refusals, and those of any plugin
 * or schema a copier adds, carry their status in `statusCode` (a Content-Type that does not parse is 415, a
 * rate limiter's 429); anything else is a 500 logged by name and code.
 */
export const errorResult = (error: FastifyError, request: FastifyRequest): EndpointResult =>
  frameworkErrorResult(
    "fastify",
    error,
    error.statusCode,
    { method: request.method, path: request.url.split("?", 1)[0] ?? "" },
    request.log,
  );

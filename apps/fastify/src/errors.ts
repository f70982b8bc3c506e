import { badRequest, type EndpointResult, unexpectedErrorResult } from "@crosswalk/endpoints";
import type { FastifyError, FastifyRequest } from "fastify";
import { UnreadableBody } from "./bodies.ts";

/**
 * The contract's answer for what a route threw: a body the client stopped sending, and Fastify's own refusals
 * of one (a broken Content-Type or length), as the contract words them; anything else a 500 logged by name
 * and code.
 */
export function errorResult(error: FastifyError, request: FastifyRequest): EndpointResult {
  if (error instanceof UnreadableBody || error.code?.startsWith("FST_ERR_CTP_")) return badRequest;
  return unexpectedErrorResult(
    "fastify",
    error,
    { method: request.method, path: request.url.split("?", 1)[0] ?? "" },
    request.log,
  );
}

import {
  badRequest,
  type EndpointResult,
  payloadTooLarge,
  unexpectedErrorResult,
} from "@crosswalk/endpoints";
import type { FastifyError, FastifyRequest } from "fastify";
import { UnreadableBody } from "./bodies.ts";

/**
 * The contract's answer for what a route threw: Fastify's own refusals of a body (past bodyLimit, unreadable)
 * as the contract words them, anything else a 500 logged by name and code.
 */
export function errorResult(error: FastifyError, request: FastifyRequest): EndpointResult {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return payloadTooLarge;
  if (error instanceof UnreadableBody || error.code?.startsWith("FST_ERR_CTP_")) return badRequest;
  return unexpectedErrorResult(
    "fastify",
    error,
    { method: request.method, path: request.url.split("?", 1)[0] ?? "" },
    request.log,
  );
}

import { readLimitedNodeBody } from "@crosswalk/body-limit";
import { decodeJsonBody, type JsonBody } from "@crosswalk/endpoints";
import { errorCodes, type FastifyInstance, type FastifyRequest } from "fastify";

/** A body the client stopped sending, or sent with a broken length: the contract's 400 bad_request. */
export class UnreadableBody extends Error {
  override name = "UnreadableBody";
}

/**
 * Every body in this scope as bytes, up to `limit`, read by the shared reader: an oversized one is answered
 * 413 while the client is still sending and its rest drained for a moment, so the client reads the answer.
 * Fastify's own bodyLimit stops reading and the connection closes under a client still writing (5 of 20
 * concurrent chunked 8 MiB uploads got a reset instead of their 413, measured).
 */
export function readBodiesAsBytes(scope: FastifyInstance, limit: number): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", (request, _payload, done) => {
    readLimitedNodeBody(request.raw, limit).then(
      (body) => (body ? done(null, body) : done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE())),
      () => done(new UnreadableBody("the request body could not be read")),
    );
  });
}

/** The request's JSON text, or the contract's refusal of it; a request without a body has an empty one. */
export const jsonText = (request: FastifyRequest): JsonBody =>
  decodeJsonBody(
    request.body instanceof Uint8Array ? request.body : new Uint8Array(),
    request.headers["content-type"],
  );

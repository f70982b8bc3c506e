import type { FastifyInstance } from "fastify";

/**
 * Every body in this scope is left for the route to read through the shared readers, which apply the
 * contract's limits, charsets and lingering close (Fastify's parsers answer an oversized body with
 * `Connection: close` at once, which resets a client still sending), and only once the route has checked the
 * session: a signed-out write is refused before its body is read.
 */
export function leaveBodiesUnread(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

/**
 * Reads at most `limit` bytes of a Node request; undefined when the body is larger. The rest stays unread:
 * Express's body parsers read an oversized body to its end (to discard it) before they answer.
 */
export async function readLimitedNodeBody(
  request: IncomingMessage,
  limit: number,
): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  // Iterated by hand: leaving a for-await loop early would destroy the socket before the 413 goes out.
  const reader = request[Symbol.asyncIterator]();
  for (;;) {
    const { done, value } = await reader.next();
    if (done) break;
    size += (value as Buffer).byteLength;
    if (size > limit) {
      request.pause();
      return undefined;
    }
    chunks.push(value as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The sync route for a Node server (Express): the raw bytes as sent, capped, into the shared handler. */
export async function handleNodeWebhookRequest(
  handler: WebhookHandler,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readLimitedNodeBody(request, maxWebhookBodyBytes);
  const result = body
    ? await handler({ body, headers: request.headers })
    : { status: 413, body: { error: "payload_too_large" } };
  // A 413 leaves the rest of the body unread: the server's lingering close drains it.
  // Never stored: an answer is about one delivery.
  response.writeHead(result.status, {
    "content-type": "application/json",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(result.body));
}

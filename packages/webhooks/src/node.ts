import type { IncomingMessage, ServerResponse } from "node:http";
import { drainRefusedBody } from "./drain.ts";
import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

/**
 * Reads at most `limit` bytes of a Node request; undefined when the body is larger, whose rest is then
 * drained for a short while after the answer (Express's body parsers would read it all before answering).
 */
export async function readLimitedNodeBody(
  request: IncomingMessage,
  limit: number,
): Promise<Uint8Array | undefined> {
  // Iterated by hand: leaving a for-await loop early would destroy the socket before the 413 goes out.
  const reader: AsyncIterator<Buffer> = request[Symbol.asyncIterator]();
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    drainRefusedBody(
      () => reader.next(),
      () => request.destroy(),
    );
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.next();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      drainRefusedBody(
        () => reader.next(),
        () => request.destroy(),
      );
      return undefined;
    }
    chunks.push(value);
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
  // Never stored: an answer is about one delivery.
  response.writeHead(result.status, {
    "content-type": "application/json",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(result.body));
}

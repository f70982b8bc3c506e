import type { IncomingMessage, ServerResponse } from "node:http";
import { refusedBodyDrainBytes, refusedBodyDrainMs } from "./fetch.ts";
import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

/** The Node side of the lingering close in `./fetch.ts`: drain for a while, then close the connection. */
function drainRefusedBody(request: IncomingMessage, reader: AsyncIterator<unknown>): void {
  const timer = setTimeout(() => request.destroy(), refusedBodyDrainMs);
  void (async () => {
    let drained = 0;
    try {
      while (drained <= refusedBodyDrainBytes) {
        const { done, value } = await reader.next();
        if (done) {
          clearTimeout(timer);
          return;
        }
        drained += (value as Buffer).byteLength;
      }
    } catch {
      // The client went away: nothing is left to drain.
      clearTimeout(timer);
    }
  })();
}

/**
 * Reads at most `limit` bytes of a Node request; undefined when the body is larger, whose rest is then
 * drained for a short while after the answer (Express's body parsers would read it all before answering).
 */
export async function readLimitedNodeBody(
  request: IncomingMessage,
  limit: number,
): Promise<Uint8Array | undefined> {
  // Iterated by hand: leaving a for-await loop early would destroy the socket before the 413 goes out.
  const reader = request[Symbol.asyncIterator]();
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    drainRefusedBody(request, reader);
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.next();
    if (done) break;
    size += (value as Buffer).byteLength;
    if (size > limit) {
      drainRefusedBody(request, reader);
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
  // Never stored: an answer is about one delivery.
  response.writeHead(result.status, {
    "content-type": "application/json",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(result.body));
}

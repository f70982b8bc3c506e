import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

/**
 * After a 413, the rest of the body is read and dropped up to {@link refusedBodyDrainBytes}, then left unread
 * (the client's writes stall), and let go after {@link refusedBodyDrainMs}: long enough for a client still
 * writing to read the answer before the connection closes, too little to tie the server up.
 */
export const refusedBodyDrainMs = 2_000;
export const refusedBodyDrainBytes = 1024 * 1024;

/**
 * A lingering close for a refused body, so a client still writing reads the 413 instead of a reset (closing
 * with unread data resets the connection). A body that ends within the drain leaves the connection usable.
 */
function drainRefusedBody(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), refusedBodyDrainMs);
  void (async () => {
    let drained = 0;
    try {
      while (drained <= refusedBodyDrainBytes) {
        const { done, value } = await reader.read();
        if (done) {
          clearTimeout(timer);
          return;
        }
        drained += value.byteLength;
      }
    } catch {
      // The client went away: nothing is left to drain.
      clearTimeout(timer);
    }
  })();
}

/**
 * Reads at most `limit` bytes; undefined when the body is larger, whose rest is then drained in the background
 * for a short while (a lingering close) rather than held.
 */
export async function readLimitedBody(
  request: Request,
  limit: number,
): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    drainRefusedBody(reader);
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      drainRefusedBody(reader);
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The adapter for frameworks whose route handlers take a fetch `Request` (Next.js, Remix, TanStack Start). */
export async function handleWebhookRequest(
  handler: WebhookHandler,
  request: Request,
): Promise<Response> {
  const body = await readLimitedBody(request, maxWebhookBodyBytes);
  // Never stored: an answer is about one delivery.
  const headers = { "cache-control": "no-store" };
  if (!body) return Response.json({ error: "payload_too_large" }, { status: 413, headers });
  const result = await handler({ body, headers: request.headers });
  return Response.json(result.body, { status: result.status, headers });
}

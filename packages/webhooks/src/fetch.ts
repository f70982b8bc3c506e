import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

/** How long the rest of a refused body is read and dropped after its 413 before the connection closes. */
export const refusedBodyDrainMs = 2_000;

/**
 * A lingering close for a refused body: the rest is read and dropped while the 413 goes out, so a client still
 * writing reads the answer instead of a reset, for {@link refusedBodyDrainMs} at most; then the body is
 * cancelled, which closes the connection. A body that ends by then leaves the connection usable.
 */
function drainRefusedBody(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), refusedBodyDrainMs);
  void (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // The client went away: nothing is left to drain.
    } finally {
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

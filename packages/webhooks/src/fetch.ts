import { drainRefusedBody } from "./drain.ts";
import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

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
    drainRefusedBody(
      () => reader.read(),
      () => void reader.cancel().catch(() => {}),
    );
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      drainRefusedBody(
        () => reader.read(),
        () => void reader.cancel().catch(() => {}),
      );
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

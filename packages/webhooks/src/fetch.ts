import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

/** Reads at most `limit` bytes; undefined when the body is larger, leaving the rest unread. */
export async function readLimitedBody(
  request: Request,
  limit: number,
): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return undefined;
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Let go without cancelling: some adapters (Remix's, React Router's) destroy the connection on cancel,
      // before the 413 goes out. The server drains or closes what is left.
      reader.releaseLock();
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

import { type LimitedBody, lingeringResponse, readLimitedBody } from "@crosswalk/body-limit";
import { type HeaderSource, maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

// Never stored: an answer is about one delivery.
export const answerHeaders = { "content-type": "application/json", "cache-control": "no-store" };
export const payloadTooLargeBody = '{"error":"payload_too_large"}';

/** The sync route's answer to a body read up to its limit, as a fetch Response. */
export async function answerDelivery(
  handler: WebhookHandler,
  body: LimitedBody,
  headers: HeaderSource,
): Promise<Response> {
  if (!body.ok) return lingeringResponse(413, answerHeaders, payloadTooLargeBody, body.drained);
  const result = await handler({ body: body.bytes, headers });
  return Response.json(result.body, {
    status: result.status,
    headers: { ...answerHeaders, ...result.headers },
  });
}

/** The adapter for frameworks whose route handlers take a fetch `Request` (Next.js, Remix, TanStack Start). */
export async function handleWebhookRequest(
  handler: WebhookHandler,
  request: Request,
): Promise<Response> {
  return answerDelivery(
    handler,
    await readLimitedBody(request, maxWebhookBodyBytes),
    request.headers,
  );
}

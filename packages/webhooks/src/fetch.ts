import { readLimitedBody } from "@crosswalk/body-limit";
import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

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

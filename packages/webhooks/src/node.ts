import type { IncomingMessage, ServerResponse } from "node:http";
import { readLimitedNodeBody } from "@crosswalk/body-limit";
import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

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

import type { IncomingMessage, ServerResponse } from "node:http";
import { endLingering, readLimitedNodeBody } from "@crosswalk/body-limit";
import { answerDelivery, answerHeaders, payloadTooLargeBody } from "./fetch.ts";
import { maxWebhookBodyBytes, type WebhookHandler } from "./handler.ts";

/** The sync route for a Node server (Express): the raw bytes as sent, capped, into the shared handler. */
export async function handleNodeWebhookRequest(
  handler: WebhookHandler,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readLimitedNodeBody(request, maxWebhookBodyBytes);
  if (!body.ok) {
    endLingering(response, 413, answerHeaders, payloadTooLargeBody, body.drained);
    return;
  }
  const result = await handler({ body: body.bytes, headers: request.headers });
  response.writeHead(result.status, { ...answerHeaders, ...result.headers });
  response.end(JSON.stringify(result.body));
}

/** The same as a fetch Response, for a framework that sends one (Fastify) but hands over a Node request. */
export async function answerNodeWebhookRequest(
  handler: WebhookHandler,
  request: IncomingMessage,
): Promise<Response> {
  return answerDelivery(
    handler,
    await readLimitedNodeBody(request, maxWebhookBodyBytes),
    request.headers,
  );
}

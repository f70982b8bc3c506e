import { closeOnShutdown } from "@crosswalk/shutdown";
import { createSyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest, type WebhookHandler } from "@crosswalk/webhooks";
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiRoute, notFoundHere } from "../server/api.server";
import { database } from "../server/db.server";
import { env } from "../server/env.server";

// #region crosswalk:sync-route
let handler: Promise<WebhookHandler> | undefined;

// A resource route's action gets the raw Request, so the signature is checked on the bytes as sent.
export const action = apiRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return notFoundHere();
  handler ??= database().then((handle) =>
    closeOnShutdown(
      createSyncRouteHandler({
        db: handle.db,
        signingSecret: env().clerk.webhookSigningSecret,
        queue: env().syncQueue,
      }),
    ),
  );
  return handleWebhookRequest(await handler, request);
});
// #endregion

export { notFoundHere as loader } from "../server/api.server";

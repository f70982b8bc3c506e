import { notFound, toResponse } from "@crosswalk/endpoints";
import { closeOnShutdown } from "@crosswalk/shutdown";
import { createSyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest, type WebhookHandler } from "@crosswalk/webhooks";
import { apiRoute } from "../../../../server/api";
import { database } from "../../../../server/db";
import { env } from "../../../../server/env";

// #region crosswalk:sync-route
let handler: Promise<WebhookHandler> | undefined;

// The route handler gets the raw Request, so the signature is checked on the bytes as sent.
export const POST = apiRoute(async (request: Request) => {
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

// The proxy, which answers unlisted methods elsewhere, does not run here.
const notFoundHere = () => toResponse(notFound);

export {
  notFoundHere as DELETE,
  notFoundHere as GET,
  notFoundHere as OPTIONS,
  notFoundHere as PATCH,
  notFoundHere as PUT,
};

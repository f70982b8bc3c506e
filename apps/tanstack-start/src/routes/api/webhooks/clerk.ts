import { closeOnShutdown } from "@crosswalk/shutdown";
import { createSyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest, type WebhookHandler } from "@crosswalk/webhooks";
import { createFileRoute } from "@tanstack/react-router";
import { database } from "../../../server/db";
import { env } from "../../../server/env";

// #region crosswalk:sync-route
let handler: Promise<WebhookHandler> | undefined;

// The server route gets the raw Request, so the signature is checked on the bytes as sent.
export const Route = createFileRoute("/api/webhooks/clerk")({
  server: {
    handlers: {
      POST: async ({ request }) => {
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
      },
    },
  },
});
// #endregion

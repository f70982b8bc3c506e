import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest } from "@crosswalk/webhooks";
import { createFileRoute } from "@tanstack/react-router";
import { database } from "../../../server/db";
import { env } from "../../../server/env";

// #region crosswalk:sync-route
// Built on the first delivery and kept for the process: a dev server's reload of this module gets the same
// handler (and Redis connection) back.
const syncRouteHandler = lazySyncRouteHandler(async () => ({
  db: (await database()).db,
  signingSecret: env().clerk.webhookSigningSecret,
  previousSigningSecret: env().clerk.previousWebhookSigningSecret,
  queue: env().syncQueue,
}));

// The server route gets the raw Request, so the signature is checked on the bytes as sent.
export const Route = createFileRoute("/api/webhooks/clerk")({
  server: {
    handlers: {
      POST: async ({ request }) => handleWebhookRequest(await syncRouteHandler(), request),
    },
  },
});
// #endregion

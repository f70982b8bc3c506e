import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest } from "@crosswalk/webhooks";
import { toWebRequest } from "h3";
import { defineApiRoute } from "../../utils/api.ts";
import { database } from "../../utils/db.ts";
import { env } from "../../utils/env.ts";

// #region crosswalk:sync-route
// Built on the first delivery and kept for the process: a dev server's reload of this module gets the same
// handler (and Redis connection) back.
const syncRouteHandler = lazySyncRouteHandler(async () => ({
  db: (await database()).db,
  signingSecret: env().clerk.webhookSigningSecret,
  previousSigningSecret: env().clerk.previousWebhookSigningSecret,
  queue: env().syncQueue,
}));

// The route hands the shared handler a fetch Request over the unread body, so the signature is checked on
// the bytes as sent.
export default defineApiRoute(async (event) =>
  handleWebhookRequest(await syncRouteHandler(), toWebRequest(event)),
);
// #endregion

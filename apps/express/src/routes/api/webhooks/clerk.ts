import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleNodeWebhookRequest } from "@crosswalk/webhooks";
import type { RequestHandler } from "express";
import type { AppDependencies } from "../../../app.ts";

// #region crosswalk:sync-route
export function clerkWebhook({ env, database }: AppDependencies): RequestHandler {
  // Built on the first delivery, once the database has opened, and kept for the process.
  const syncRouteHandler = lazySyncRouteHandler(async () => ({
    db: (await database()).db,
    signingSecret: env.clerk.webhookSigningSecret,
    previousSigningSecret: env.clerk.previousWebhookSigningSecret,
    queue: env.syncQueue,
  }));
  // Mounted with no body parser: the signature covers the bytes as sent, which express.json() would lose.
  return async (req, res) => handleNodeWebhookRequest(await syncRouteHandler(), req, res);
}
// #endregion

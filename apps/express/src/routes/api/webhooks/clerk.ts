import { closeOnShutdown } from "@crosswalk/shutdown";
import { createSyncRouteHandler } from "@crosswalk/sync-queue";
import { handleNodeWebhookRequest } from "@crosswalk/webhooks";
import type { RequestHandler } from "express";
import { database } from "../../../db.ts";
import { env } from "../../../env.ts";

// #region crosswalk:sync-route
const handler = closeOnShutdown(
  createSyncRouteHandler({
    db: database.db,
    signingSecret: env.clerk.webhookSigningSecret,
    queue: env.syncQueue,
  }),
);

// Mounted with no body parser: the signature covers the bytes as sent, which express.json() would lose.
export const clerkWebhook: RequestHandler = (req, res) =>
  handleNodeWebhookRequest(handler, req, res);
// #endregion

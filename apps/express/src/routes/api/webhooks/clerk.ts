import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleNodeWebhookRequest } from "@crosswalk/webhooks";
import type { RequestHandler } from "express";
import { database } from "../../../db.ts";
import { env } from "../../../env.ts";

// #region crosswalk:sync-route
// Built on the first delivery, once the database has opened, and kept for the process.
const syncRouteHandler = lazySyncRouteHandler(async () => ({
  db: (await database()).db,
  signingSecret: env.clerk.webhookSigningSecret,
  previousSigningSecret: env.clerk.previousWebhookSigningSecret,
  queue: env.syncQueue,
}));

// Mounted with no body parser: the signature covers the bytes as sent, which express.json() would lose.
export const clerkWebhook: RequestHandler = async (req, res) =>
  handleNodeWebhookRequest(await syncRouteHandler(), req, res);
// #endregion

import { closeOnShutdown } from "@crosswalk/shutdown";
import { createSyncRouteHandler } from "@crosswalk/sync-queue";
import type { RequestHandler } from "express";
import { reply } from "../../../api.ts";
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

// Mounted behind express.raw(): the signature covers the bytes as sent, which express.json() would lose.
export const clerkWebhook: RequestHandler = async (req, res) =>
  reply(
    res,
    await handler({
      body: Buffer.isBuffer(req.body) ? req.body : new Uint8Array(),
      headers: req.headers,
    }),
  );
// #endregion

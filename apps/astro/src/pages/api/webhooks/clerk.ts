import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest } from "@crosswalk/webhooks";
import type { APIRoute } from "astro";
import { database } from "../../../server/db.ts";
import { env } from "../../../server/env.ts";

// #region crosswalk:sync-route
// Built on the first delivery and kept for the process: a dev server's reload of this module gets the same
// handler (and Redis connection) back.
const syncRouteHandler = lazySyncRouteHandler(async () => ({
  db: (await database()).db,
  signingSecret: env().clerk.webhookSigningSecret,
  previousSigningSecret: env().clerk.previousWebhookSigningSecret,
  queue: env().syncQueue,
}));

// The endpoint gets the raw Request, so the signature is checked on the bytes as sent.
export const POST: APIRoute = async ({ request }) =>
  handleWebhookRequest(await syncRouteHandler(), request);
// #endregion

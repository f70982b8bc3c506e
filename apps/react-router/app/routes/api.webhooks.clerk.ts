import { lazySyncRouteHandler } from "@crosswalk/sync-queue";
import { handleWebhookRequest } from "@crosswalk/webhooks";
import { apiRoute, notFoundHere } from "../server/api.server";
import { database } from "../server/db.server";
import { env } from "../server/env.server";
import type { Route } from "./+types/api.webhooks.clerk";

// #region crosswalk:sync-route
// Built on the first delivery and kept for the process: a dev server's reload of this module gets the same
// handler (and Redis connection) back.
const syncRouteHandler = lazySyncRouteHandler(async () => ({
  db: (await database()).db,
  signingSecret: env().clerk.webhookSigningSecret,
  previousSigningSecret: env().clerk.previousWebhookSigningSecret,
  queue: env().syncQueue,
}));

// A resource route's action gets the raw Request, so the signature is checked on the bytes as sent.
export const action = apiRoute(async ({ request }: Route.ActionArgs) => {
  if (request.method !== "POST") return notFoundHere();
  return handleWebhookRequest(await syncRouteHandler(), request);
});
// #endregion

export { notFoundHere as loader } from "../server/api.server";
